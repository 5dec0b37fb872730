using System.Net;

namespace PacsSeg.Dicom.Network.DicomWeb;

/// <summary>
/// A STOW-RS answer: the HTTP status, the SOP instances the server says it stored (ReferencedSOPSequence,
/// 0008,1199) and those it refused (FailedSOPSequence, 0008,1198, with their failure reason).
/// </summary>
public sealed record DicomWebStoreResult(HttpStatusCode StatusCode, IReadOnlyList<string> StoredSopInstanceUids,
    IReadOnlyList<DicomWebStoreFailure> Failures)
{
    public bool AllStored(IEnumerable<string> sopInstanceUids) =>
        Failures.Count == 0 && sopInstanceUids.All(StoredSopInstanceUids.Contains);
}
