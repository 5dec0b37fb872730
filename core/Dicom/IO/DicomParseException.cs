namespace PacsSeg.Dicom.IO;

/// <summary>Data that cannot be parsed: truncated or self-contradictory. Says where.</summary>
public sealed class DicomParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomParseException(string message, long offset, DicomTag? tag = null, Exception? inner = null)
        : base(Format(message, offset, tag), inner)
    {
        Offset = offset;
        Tag = tag;
    }

    /// <summary>Byte offset in the stream (after inflation for deflated data) where the problem was seen.</summary>
    public long Offset { get; }

    /// <summary>The element being parsed, if known.</summary>
    public DicomTag? Tag { get; }

    private static string Format(string message, long offset, DicomTag? tag)
        => tag is null ? $"{message} (at offset {offset})" : $"{message} (element {tag}, at offset {offset})";
}
