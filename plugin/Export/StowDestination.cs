// Sends a job's results to a DICOMweb server with STOW-RS: all files of the batch in one multipart/related
// request into their study (PacsSeg.Dicom's DicomWebClient, with basic or bearer credentials). Anything the
// server does not confirm as stored fails the whole batch, so the pipeline retries the study as a unit;
// storing an instance twice is harmless (STOW-RS is idempotent per SOP Instance UID).
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Network.DicomWeb;

namespace PacsSeg.Plugin.Export;

public sealed class StowDestination(string name, DicomWebClient client, Uri url) : IExportDestination
{
    public string Name { get; } = name;

    public async Task SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var expected = batch.Files.Select(SopInstanceUid).ToList();
        var result = await client.StoreFilesAsync(batch.Files, batch.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (!result.AllStored(expected))
        {
            var missing = expected.Where(uid => !result.StoredSopInstanceUids.Contains(uid)).ToList();
            string why = result.Failures.Count > 0
                ? $"first failure reason {result.Failures[0].FailureReason?.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}"
                : "not confirmed in the response";
            throw new IOException($"STOW-RS to {url}: {missing.Count} of {expected.Count} file(s) not stored (HTTP {(int)result.StatusCode}, {why}).");
        }
    }

    private static string SopInstanceUid(string path) =>
        DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 }).Dataset.GetString(DicomTags.SOPInstanceUID);
}
