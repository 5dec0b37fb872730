namespace PacsSeg.Plugin.Spool;

/// <summary>
/// Durable storage of received instances. A write returns only after the bytes and the directory entry
/// are on disk, so the caller may acknowledge the instance. A shared-disk implementation for several
/// nodes is a second implementation of this interface.
/// </summary>
public interface ISpool
{
    string RootDirectory { get; }

    /// <summary>Free space now, and whether it is below the configured reserve.</summary>
    SpoolCapacity GetCapacity();

    /// <summary>Writes <paramref name="content"/> to a temp file, fsyncs, renames into place and fsyncs the folder.</summary>
    /// <exception cref="SpoolFullException">The reserve would be crossed; nothing was kept.</exception>
    /// <exception cref="InstanceTooLargeException">The stream exceeded the size limit; nothing was kept.</exception>
    Task<SpooledInstance> WriteAsync(SpoolKey key, Stream content, CancellationToken cancellationToken);

    /// <summary>Writes through <paramref name="write"/> into an fsynced temp file of the spool.</summary>
    /// <exception cref="SpoolFullException">The reserve would be crossed; nothing was kept.</exception>
    /// <exception cref="InstanceTooLargeException">More than the size limit was written; nothing was kept.</exception>
    Task<StagedInstance> StageAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>Renames a staged file into its place and fsyncs the folder.</summary>
    Task<SpooledInstance> CommitAsync(StagedInstance staged, SpoolKey key, CancellationToken cancellationToken);

    /// <summary>Drops a staged file that will not be acknowledged.</summary>
    void Discard(StagedInstance staged);

    /// <summary>Removes temp files left by writes a crash interrupted (they were never acknowledged).</summary>
    int RemoveTemporaryFiles();
}
