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
        var capacity = GetCapacity();
        if (capacity.IsNearlyFull)
            throw new SpoolFullException(capacity.AvailableBytes, capacity.MinFreeBytes);

        string seriesDir = EnsureDirectory(UidPath.ToSegment(key.StudyInstanceUid), UidPath.ToSegment(key.SeriesInstanceUid));
        string finalPath = Path.Combine(seriesDir, UidPath.ToSegment(key.SopInstanceUid) + ".dcm");
        string tempPath = Path.Combine(seriesDir, TempPrefix + Guid.NewGuid().ToString("N"));
        long length = 0;
        try
        {
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxInstanceBytes)
                        throw new InstanceTooLargeException(maxInstanceBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(tempPath, finalPath, overwrite: true);
            DirectorySync.Flush(seriesDir);
            return new SpooledInstance(finalPath, length);
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
