namespace PacsSeg.Dicom;

/// <summary>A dataset lacks a value asked for, or a value does not fit the way it was asked for.</summary>
public class DicomDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DicomDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
