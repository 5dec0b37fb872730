namespace PacsSeg.Segmentation.Metrics;

/// <summary>A surface metric was asked of an empty mask under <see cref="EmptyMaskPolicy.Throw"/>.</summary>
public sealed class EmptyMaskException : InvalidOperationException
{
    public EmptyMaskException(string message)
        : base(message)
    {
    }

    public EmptyMaskException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmptyMaskException()
        : base("A surface distance needs a non-empty prediction and reference.")
    {
    }
}
