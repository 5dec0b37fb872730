// Streaming multipart writer (RFC 2046): parts are copied from their streams one after another, so a
// STOW-RS request of many large instances never sits whole in memory.
using System.Text;

namespace PacsSeg.Dicom.Network.DicomWeb;

public sealed class MultipartWriter
{
    private readonly Stream _output;
    private readonly byte[] _delimiter;
    private bool _completed;

    public MultipartWriter(Stream output, string boundary)
    {
        ValidateBoundary(boundary);
        _output = output;
        Boundary = boundary;
        _delimiter = Encoding.ASCII.GetBytes("--" + boundary);
    }

    public string Boundary { get; }

    /// <summary>A boundary unlikely to occur in any payload (RFC 2046 allows up to 70 characters).</summary>
    public static string NewBoundary() => "pacsseg-" + Guid.NewGuid().ToString("N");

    internal static void ValidateBoundary(string boundary)
    {
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70 || boundary.Any(c => c > 0x7E || c < 0x20))
            throw new ArgumentException("A multipart boundary is 1-70 printable ASCII characters.", nameof(boundary));
    }

    /// <summary>Bytes the envelope of one part adds around its body (for a Content-Length computed up front).</summary>
    public long PartOverhead(string contentType) => _delimiter.Length + PartHeader(contentType).Length + 2;

    /// <summary>Bytes of the closing delimiter.</summary>
    public long ClosingLength => _delimiter.Length + 4;

    private static byte[] PartHeader(string contentType) => Encoding.ASCII.GetBytes($"\r\nContent-Type: {contentType}\r\n\r\n");

    public async Task WritePartAsync(string contentType, Stream body, CancellationToken cancellationToken)
    {
        if (_completed)
            throw new InvalidOperationException("The multipart body is already closed.");
        await _output.WriteAsync(_delimiter, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync(PartHeader(contentType), cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(_output, 1 << 16, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
            return;
        _completed = true;
        await _output.WriteAsync(_delimiter, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync("--\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
