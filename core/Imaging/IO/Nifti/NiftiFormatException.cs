// The one error a NIfTI read throws for a file that is not valid NIfTI (bad header, truncated data,
// unsupported datatype), so callers can tell bad input from I/O failures.
namespace PacsSeg.Imaging.IO.Nifti;

public sealed class NiftiFormatException : Exception
{
    public NiftiFormatException(string message)
        : base(message)
    {
    }

    public NiftiFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
