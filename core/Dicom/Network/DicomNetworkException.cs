// Base of every error the DICOM network layer reports, so callers can catch one type.
namespace PacsSeg.Dicom.Network;

public class DicomNetworkException : Exception
{
    public DicomNetworkException(string message) : base(message) { }

    public DicomNetworkException(string message, Exception inner) : base(message, inner) { }
}
