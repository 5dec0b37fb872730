// DIMSE status codes (PS3.7 Annex C) and their categories.
namespace PacsSeg.Dicom.Network;

public static class DicomStatus
{
    public const ushort Success = 0x0000;
    public const ushort Cancel = 0xFE00;
    public const ushort Pending = 0xFF00;
    public const ushort PendingWarning = 0xFF01;
    public const ushort ProcessingFailure = 0x0110;
    public const ushort NoSuchSopClass = 0x0118;
    public const ushort SopClassNotSupported = 0x0122;
    public const ushort UnrecognizedOperation = 0x0211;
    public const ushort DuplicateSopInstance = 0x0111;
    public const ushort OutOfResources = 0xA700;
    public const ushort MoveDestinationUnknown = 0xA801;
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;
    public const ushort CannotUnderstand = 0xC000;
    public const ushort CoercionOfDataElements = 0xB000;
    public const ushort ElementsDiscarded = 0xB006;
    public const ushort DataSetDoesNotMatchSopClassWarning = 0xB007;
    public const ushort SubOperationsCompleteWithFailures = 0xB000;

    public static bool IsSuccess(ushort status) => status == Success;

    public static bool IsWarning(ushort status) => status is 0x0001 || (status & 0xF000) == 0xB000;

    public static bool IsPending(ushort status) => status is Pending or PendingWarning;

    public static bool IsFailure(ushort status) => !IsSuccess(status) && !IsWarning(status) && !IsPending(status) && status != Cancel;

    /// <summary>Failures worth retrying later: the peer was busy or out of resources (A7xx).</summary>
    public static bool IsTransient(ushort status) => (status & 0xFF00) == 0xA700;
}
