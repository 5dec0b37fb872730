namespace PacsSeg.Trainer.Data;

/// <summary>A dataset folder or one of the stage files (fingerprint, plan) is missing or malformed.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetFormatException()
        : base("The dataset folder is malformed.")
    {
    }
}
