namespace PacsSeg.Segmentation.Packaging;

/// <summary>A model package is damaged, incomplete or does not match its architecture.</summary>
public sealed class ModelPackageException : Exception
{
    public ModelPackageException()
    {
    }

    public ModelPackageException(string message) : base(message)
    {
    }

    public ModelPackageException(string message, Exception inner) : base(message, inner)
    {
    }
}
