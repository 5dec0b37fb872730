// Sends a job's results to a DICOM node over C-STORE, all in one association (PacsSeg.Dicom.Network's
// DicomClient). Any file without a success status fails the whole batch: the pipeline retries the study,
// and instances the PACS already has are simply stored again (C-STORE is idempotent per SOP Instance UID).
using PacsSeg.Dicom.Network;

namespace PacsSeg.Plugin.Export;

public sealed class CStoreDestination(string name, DicomClient client, string host, int port, string calledAe) : IExportDestination
{
    public string Name { get; } = name;

    public async Task SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        var results = await client.StoreFilesAsync(host, port, calledAe, batch.Files, null, cancellationToken).ConfigureAwait(false);
        var failed = results.Where(r => !r.Succeeded).ToList();
        if (failed.Count > 0)
        {
            var first = failed[0];
            string why = first.Error ?? $"status {first.Status:X4}";
            throw new IOException($"C-STORE to {calledAe}@{host}:{port}: {failed.Count} of {results.Count} file(s) not stored ({why}).");
        }
    }
}
