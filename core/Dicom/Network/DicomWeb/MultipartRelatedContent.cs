// HttpContent for STOW-RS: multipart/related; type="application/dicom", parts streamed from files.
using System.Net;
using System.Net.Http.Headers;

namespace PacsSeg.Dicom.Network.DicomWeb;

internal sealed class MultipartRelatedContent : HttpContent
{
    private const string PartType = "application/dicom";
    private readonly IReadOnlyList<string> _files;
    private readonly string _boundary = MultipartWriter.NewBoundary();

    public MultipartRelatedContent(IReadOnlyList<string> files)
    {
        _files = files;
        var type = new MediaTypeHeaderValue("multipart/related");
        type.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        type.Parameters.Add(new NameValueHeaderValue("boundary", _boundary));
        Headers.ContentType = type;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = new MultipartWriter(stream, _boundary);
        foreach (var path in _files)
        {
            await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await writer.WritePartAsync(PartType, fs, cancellationToken).ConfigureAwait(false);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // A known length avoids chunked uploads, which some PACS HTTP servers handle poorly.
    protected override bool TryComputeLength(out long length)
    {
        var writer = new MultipartWriter(Stream.Null, _boundary);
        length = writer.ClosingLength;
        foreach (var path in _files)
            length += writer.PartOverhead(PartType) + new FileInfo(path).Length;
        return true;
    }
}
