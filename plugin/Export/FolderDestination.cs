// A destination that copies results into a folder (a share another system watches, or a test sink).
// Each file is written to a temp name, fsynced and renamed, as the spool does.
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.Export;

public sealed class FolderDestination(string name, string folder) : IExportDestination
{
    public string Name { get; } = name;

    public async Task SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        string target = Path.Combine(folder, UidPath.ToSegment(batch.StudyInstanceUid));
        Directory.CreateDirectory(target);
        foreach (var file in batch.Files)
        {
            string final = Path.Combine(target, Path.GetFileName(file));
            string temp = final + ".partial";
            await using (var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
            await using (var destination = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                destination.Flush(flushToDisk: true);
            }
            File.Move(temp, final, overwrite: true);
        }
        DirectorySync.Flush(target);
    }
}
