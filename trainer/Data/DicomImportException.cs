namespace PacsSeg.Trainer.Data;

/// <summary>A folder of DICOM series and SEGs cannot become a dataset: a SEG references a missing series, lies
/// in a foreign frame of reference, does not fit its series, or a series does not form a volume.</summary>
public sealed class DicomImportException : Exception
{
    public DicomImportException(string message)
        : base(message)
    {
    }

    public DicomImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomImportException()
        : base("The DICOM folder cannot be imported.")
    {
    }
}
