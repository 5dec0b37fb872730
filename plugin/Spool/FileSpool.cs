// The local-disk spool: instances/<study>/<series>/<sop>.dcm, each segment sanitized.
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Spool;

public sealed class FileSpool : ISpool
{
    private const string TempPrefix = ".tmp-";
    private readonly IDiskSpaceProbe probe;
    private readonly long minFreeBytes;
    private readonly long maxInstanceBytes;

    public FileSpool(IOptions<PluginOptions> options, IDiskSpaceProbe probe)
    {
        var o = options.Value;
        RootDirectory = o.ResolveDataPath(o.Spool.Directory, "spool");
        minFreeBytes = o.Spool.MinFreeBytes;
        maxInstanceBytes = o.Spool.MaxInstanceBytes;
        this.probe = probe;
        System.IO.Directory.CreateDirectory(RootDirectory);
    }

    public string RootDirectory { get; }

    public SpoolCapacity GetCapacity() => new(probe.GetAvailableBytes(RootDirectory), minFreeBytes);

    public async Task<SpooledInstance> WriteAsync(SpoolKey key, Stream content, CancellationToken cancellationToken)
    {
        var staged = await StageAsync((file, ct) => content.CopyToAsync(file, 81920, ct), cancellationToken).ConfigureAwait(false);
        return await CommitAsync(staged, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StagedInstance> StageAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var capacity = GetCapacity();
        if (capacity.IsNearlyFull)
            throw new SpoolFullException(capacity.AvailableBytes, capacity.MinFreeBytes);
        string staging = Path.Combine(RootDirectory, "staging");
        if (!System.IO.Directory.Exists(staging))
        {
            System.IO.Directory.CreateDirectory(staging);
            DirectorySync.Flush(RootDirectory);
        }
        string tempPath = Path.Combine(staging, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            long length;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            await using (var limited = new LimitedWriteStream(file, maxInstanceBytes))
            {
                await write(limited, cancellationToken).ConfigureAwait(false);
                await limited.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }
            return new StagedInstance(tempPath, length);
        }
        catch (IOException ex) when (ex is not SpoolFullException and not InstanceTooLargeException && GetCapacity().IsNearlyFull)
        {
            TryDelete(tempPath);
            var now = GetCapacity();
            throw new SpoolFullException(now.AvailableBytes, now.MinFreeBytes);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    public Task<SpooledInstance> CommitAsync(StagedInstance staged, SpoolKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string seriesDir = EnsureDirectory(UidPath.ToSegment(key.StudyInstanceUid), UidPath.ToSegment(key.SeriesInstanceUid));
        string finalPath = Path.Combine(seriesDir, UidPath.ToSegment(key.SopInstanceUid) + ".dcm");
        try
        {
            File.Move(staged.TempPath, finalPath, overwrite: true);
            DirectorySync.Flush(seriesDir);
        }
        catch
        {
            TryDelete(staged.TempPath);
            throw;
        }
        return Task.FromResult(new SpooledInstance(finalPath, staged.Length));
    }

    public void Discard(StagedInstance staged) => TryDelete(staged.TempPath);

    public int RemoveTemporaryFiles()
    {
        int removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(RootDirectory, TempPrefix + "*", SearchOption.AllDirectories))
        {
            TryDelete(file);
            removed++;
        }
        return removed;
    }

    private string EnsureDirectory(string study, string series)
    {
        string instances = Path.Combine(RootDirectory, "instances");
        string studyDir = Path.Combine(instances, study);
        string seriesDir = Path.Combine(studyDir, series);
        if (System.IO.Directory.Exists(seriesDir))
            return seriesDir;
        // New folders must themselves be durable entries of their parents.
        bool newInstances = !System.IO.Directory.Exists(instances);
        bool newStudy = !System.IO.Directory.Exists(studyDir);
        System.IO.Directory.CreateDirectory(seriesDir);
        if (newInstances) DirectorySync.Flush(RootDirectory);
        if (newStudy) DirectorySync.Flush(instances);
        DirectorySync.Flush(studyDir);
        return seriesDir;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless: it is never acknowledged and is removed at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
