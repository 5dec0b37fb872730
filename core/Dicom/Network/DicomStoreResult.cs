namespace PacsSeg.Dicom.Network;

/// <summary>
/// The outcome of sending one instance: the peer's status, or <see cref="Error"/> when it never got a status
/// (no accepted context, association rejected or aborted, unreadable file).
/// </summary>
public sealed record DicomStoreResult(string SopInstanceUid, string? SourcePath, ushort? Status, string? Error)
{
    public bool Succeeded => Status is { } s && !DicomStatus.IsFailure(s);

    /// <summary>Worth retrying later: transient status (A7xx) or a transport failure.</summary>
    public bool IsTransientFailure => Status is { } s ? DicomStatus.IsTransient(s) : Error is not null;
}
