namespace PacsSeg.Dicom.Network.DicomWeb;

/// <summary>One part of a multipart body: its headers and a body stream valid until the next part is read.</summary>
public sealed class MultipartPart
{
    internal MultipartPart(IReadOnlyDictionary<string, string> headers, Stream body)
    {
        Headers = headers;
        Body = body;
    }

    /// <summary>Part headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? ContentType => Headers.TryGetValue("Content-Type", out var v) ? v : null;

    public Stream Body { get; }
}
