namespace PacsSeg.Dicom.IO;

/// <summary>Something a file got wrong that the reader tolerated.</summary>
/// <param name="Offset">Byte offset where it was seen.</param>
/// <param name="Tag">The element concerned.</param>
/// <param name="Message">What was wrong and what the reader did about it.</param>
public sealed record DicomParseWarning(long Offset, DicomTag Tag, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Tag} at offset {Offset}: {Message}";
}
