using System.Text;
using PacsSeg.Dicom.Network.DicomWeb;

namespace PacsSeg.Dicom.Tests.Network;

public class MultipartTests
{
    private static async Task<List<(string? Type, byte[] Body)>> ReadAllAsync(byte[] wire, string boundary, int readSize)
    {
        var reader = new MultipartReader(new TrickleStream(wire, 977), boundary);
        var parts = new List<(string?, byte[])>();
        while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
        {
            var ms = new MemoryStream();
            var buf = new byte[readSize];
            int n;
            while ((n = await part.Body.ReadAsync(buf)) > 0)
                ms.Write(buf, 0, n);
            parts.Add((part.ContentType, ms.ToArray()));
        }
        return parts;
    }

    [TestCase(1)]
    [TestCase(13)]
    [TestCase(65536)]
    public async Task WriteThenRead_RoundTripsPartsOfAnySize(int readSize)
    {
        var rng = new Random(5);
        var bodies = new[] { 0, 1, 70, 65535, 65536, 200_001 }.Select(n => { var b = new byte[n]; rng.NextBytes(b); return b; }).ToList();
        // A body containing something that looks like the boundary without the leading CRLF.
        string boundary = MultipartWriter.NewBoundary();
        bodies.Add(Encoding.ASCII.GetBytes("--" + boundary + " not a delimiter\r\n-" + boundary));
        var wire = new MemoryStream();
        var writer = new MultipartWriter(wire, boundary);
        foreach (var b in bodies)
            await writer.WritePartAsync("application/dicom", new MemoryStream(b), CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        var parts = await ReadAllAsync(wire.ToArray(), boundary, readSize);
        Assert.That(parts, Has.Count.EqualTo(bodies.Count));
        for (int i = 0; i < bodies.Count; i++)
        {
            Assert.That(parts[i].Type, Is.EqualTo("application/dicom"));
            Assert.That(parts[i].Body, Is.EqualTo(bodies[i]), $"part {i}");
        }
    }

    [Test]
    public async Task Read_SkipsPreambleAndUnreadBodies()
    {
        string wire = "preamble text\r\n--b1\r\nContent-Type: text/plain\r\nX-A: 1\r\n\r\nfirst\r\n--b1\r\nContent-Type: application/json\r\n\r\n{}\r\n--b1--\r\nepilogue";
        var reader = new MultipartReader(new MemoryStream(Encoding.ASCII.GetBytes(wire)), "b1");
        var first = await reader.ReadNextPartAsync(CancellationToken.None);
        Assert.That(first!.Headers["x-a"], Is.EqualTo("1"));
        var second = await reader.ReadNextPartAsync(CancellationToken.None);
        Assert.That(second!.ContentType, Is.EqualTo("application/json"));
        var ms = new MemoryStream();
        await second.Body.CopyToAsync(ms);
        Assert.That(Encoding.ASCII.GetString(ms.ToArray()), Is.EqualTo("{}"));
        Assert.That(await reader.ReadNextPartAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public void Read_WhenBodyIsTruncated_ThrowsInvalidData()
    {
        string wire = "--b1\r\nContent-Type: application/dicom\r\n\r\nabcdef";
        var reader = new MultipartReader(new MemoryStream(Encoding.ASCII.GetBytes(wire)), "b1");
        Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            var part = await reader.ReadNextPartAsync(CancellationToken.None);
            await part!.Body.CopyToAsync(Stream.Null);
        });
    }

    [Test]
    public void Read_WhenHeadersNeverEnd_StopsAtTheLimit()
    {
        var sb = new StringBuilder("--b1\r\n");
        for (int i = 0; i < 10_000; i++)
            sb.Append("X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        var reader = new MultipartReader(new MemoryStream(Encoding.ASCII.GetBytes(sb.ToString())), "b1");
        Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadNextPartAsync(CancellationToken.None));
    }

    [Test]
    public void GetBoundary_ReadsQuotedAndPlainParameters()
    {
        Assert.That(MultipartReader.GetBoundary("multipart/related; type=\"application/dicom\"; boundary=\"abc\""), Is.EqualTo("abc"));
        Assert.That(MultipartReader.GetBoundary("multipart/related;boundary=xyz;type=application/dicom"), Is.EqualTo("xyz"));
        Assert.Throws<InvalidDataException>(() => MultipartReader.GetBoundary("multipart/related"));
    }

    /// <summary>Returns at most a few bytes per read, like a slow network, to exercise delimiters split across reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
