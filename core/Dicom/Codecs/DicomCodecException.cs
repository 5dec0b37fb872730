namespace PacsSeg.Dicom.Codecs;

/// <summary>Compressed pixel data that cannot be decoded, or a syntax without a codec.</summary>
public class DicomCodecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomCodecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DicomCodecException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
