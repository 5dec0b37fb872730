// Decoded frames against pydicom's pixel_array (native and RLE, which pydicom decodes itself with numpy),
// and GDCM-decoded lossless frames against the uncompressed originals and dcmtk's decoders.
using System.Runtime.InteropServices;
using System.Text.Json;
using PacsSeg.Dicom.Codecs;
using PacsSeg.Dicom.Imaging;

namespace PacsSeg.Dicom.Tests.Imaging;

[Category("Peer")]
public class PixelDataVersusPydicomTests
{
    private const string Script = """
        import sys, json, base64, numpy as np, pydicom
        from pydicom.pixel_data_handlers.util import apply_modality_lut
        out = {}
        for p in sys.argv[1:]:
            ds = pydicom.dcmread(p)
            arr = ds.pixel_array
            frames = int(getattr(ds, 'NumberOfFrames', 1) or 1)
            if frames == 1:
                arr = arr[np.newaxis, ...]
            le = arr.astype(arr.dtype.newbyteorder('<'))
            resc = apply_modality_lut(ds.pixel_array, ds).astype('<f4') if ds.SamplesPerPixel == 1 else None
            out[p] = {"frames": frames, "dtype": str(arr.dtype), "data": base64.b64encode(le.tobytes()).decode(),
                      "rescaled": base64.b64encode(resc.tobytes()).decode() if resc is not None else None}
        print(json.dumps(out))
        """;

    public static IEnumerable<string> NativeAndRleSamples() =>
    [
        "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_padded.dcm",
        "rtdose.dcm", "rtdose_1frame.dcm", "rtdose_expb.dcm", "liver_1frame.dcm", "SC_rgb_small_odd.dcm",
        "SC_ybr_full_422_uncompressed.dcm", "image_dfl.dcm",
        "MR_small_RLE.dcm", "rtdose_rle.dcm", "rtdose_rle_1frame.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm",
        "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_32bit.dcm", "SC_rgb_rle_32bit_2frame.dcm",
    ];

    [Test]
    public void GetFrame_NativeAndRleSamples_EqualPydicomPixelArray()
    {
        Peers.RequirePydicom();
        var paths = NativeAndRleSamples().Select(n => Path.Combine(Peers.PydicomData, "test_files", n)).Where(File.Exists).ToList();
        var r = Peers.Run("/usr/bin/python3", new[] { "-c", Script }.Concat(paths), timeoutMs: 120_000);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        var registry = DicomCodecRegistry.CreateDefault();
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var expected = doc.RootElement.GetProperty(path);
            var pixels = DicomPixelData.Create(DicomFile.Open(path), registry);
            var theirs = Convert.FromBase64String(expected.GetProperty("data").GetString()!);
            var ours = new List<byte>();
            for (var f = 0; f < pixels.NumberOfFrames; f++)
            {
                ours.AddRange(FrameAsBytes(pixels, f));
            }

            if (!ours.SequenceEqual(theirs))
            {
                failures.Add($"{Path.GetFileName(path)}: {ours.Count} bytes vs pydicom {theirs.Length}, first difference at {FirstDifference(ours, theirs)}");
            }

            if (expected.GetProperty("rescaled").GetString() is { } rescaled && pixels.Info.SamplesPerPixel == 1)
            {
                var want = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(rescaled)).ToArray();
                var got = Enumerable.Range(0, pixels.NumberOfFrames).SelectMany(pixels.GetFrameRescaled).ToArray();
                if (!got.SequenceEqual(want))
                {
                    failures.Add($"{Path.GetFileName(path)}: rescaled values differ");
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [TestCase("MR_small_jpeg_ls_lossless.dcm")]
    [TestCase("MR_small_jp2klossless.dcm")]
    [TestCase("MR_small_RLE.dcm")]
    public void ReadFrame_LosslessCompressedMR_EqualsUncompressedOriginal(string name)
    {
        Peers.RequirePydicom();
        var registry = DicomCodecRegistry.CreateDefault();
        if (!registry.CanDecode(DicomFile.Open(Path.Combine(Peers.PydicomData, "test_files", name)).TransferSyntax))
        {
            Assert.Ignore("GDCM is not installed: " + registry.GdcmUnavailableReason);
        }

        var original = DicomPixelData.Create(DicomFile.Open(Path.Combine(Peers.PydicomData, "test_files", "MR_small.dcm")));
        var compressed = DicomPixelData.Create(DicomFile.Open(Path.Combine(Peers.PydicomData, "test_files", name)), registry);
        Assert.That(compressed.IsEncapsulated, Is.True);
        Assert.That(compressed.GetFrame<short>(0), Is.EqualTo(original.GetFrame<short>(0)));
    }

    [Test]
    public void ReadFrame_JpegLosslessMadeByDcmtk_EqualsOriginal()
    {
        Peers.RequirePeer("dcmcjpeg");
        Peers.RequirePydicom();
        var registry = DicomCodecRegistry.CreateDefault();
        if (!registry.CanDecode(DicomTransferSyntax.JPEGLosslessSV1))
        {
            Assert.Ignore("GDCM is not installed: " + registry.GdcmUnavailableReason);
        }

        var source = Path.Combine(Peers.PydicomData, "test_files", "CT_small.dcm");
        var target = Path.Combine(Path.GetTempPath(), $"pacsseg-jpegll-{Guid.NewGuid():N}.dcm");
        try
        {
            var r = Peers.Run("/usr/bin/dcmcjpeg", ["+e1", source, target]);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            var compressed = DicomPixelData.Create(DicomFile.Open(target), registry);
            Assert.That(compressed.TransferSyntax, Is.EqualTo(DicomTransferSyntax.JPEGLosslessSV1));
            var original = DicomPixelData.Create(DicomFile.Open(source));
            Assert.That(compressed.GetFrameRescaled(0), Is.EqualTo(original.GetFrameRescaled(0)));
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Test]
    public void ReadFrame_JpegBaseline_MatchesDcmtkDecoder()
    {
        Peers.RequirePeer("dcmdjpeg");
        Peers.RequirePydicom();
        var registry = DicomCodecRegistry.CreateDefault();
        if (!registry.CanDecode(DicomTransferSyntax.JPEGBaseline8Bit))
        {
            Assert.Ignore("GDCM is not installed: " + registry.GdcmUnavailableReason);
        }

        var source = Path.Combine(Peers.PydicomData, "test_files", "SC_rgb_jpeg_dcmtk.dcm");
        var target = Path.Combine(Path.GetTempPath(), $"pacsseg-djpeg-{Guid.NewGuid():N}.dcm");
        try
        {
            // dcmdjpeg keeps YBR_FULL as it is stored (+cn), as GDCM's raw decode does.
            var r = Peers.Run("/usr/bin/dcmdjpeg", ["+cn", source, target]);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            var ours = DicomPixelData.Create(DicomFile.Open(source), registry).GetFrame<byte>(0);
            var dcmtk = DicomPixelData.Create(DicomFile.Open(target)).GetFrame<byte>(0);
            Assert.That(ours.Length, Is.EqualTo(dcmtk.Length));
            var maxDiff = ours.Zip(dcmtk).Max(p => Math.Abs(p.First - p.Second));
            Assert.That(maxDiff, Is.LessThanOrEqualTo(2), "two IJG-family decoders may round differently by a level or two");
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Test]
    public void ReadFrame_Jpeg2000WithoutGdcm_ThrowsCodecNotAvailable()
    {
        Peers.RequirePydicom();
        var registry = new DicomCodecRegistry([new RleCodec()]);
        var pixels = DicomPixelData.Create(DicomFile.Open(Path.Combine(Peers.PydicomData, "test_files", "MR_small_jp2klossless.dcm")), registry);
        var e = Assert.Throws<DicomCodecNotAvailableException>(() => pixels.GetFrameBytes(0));
        Assert.That(e!.Message, Does.Contain("Codec not available").And.Contain("JPEG 2000"));
    }

    private static byte[] FrameAsBytes(DicomPixelData pixels, int frame) => (pixels.Info.BitsAllocated, pixels.Info.IsSigned) switch
    {
        (1 or 8, _) => pixels.GetFrame<byte>(frame),
        (16, true) => MemoryMarshal.AsBytes(pixels.GetFrame<short>(frame).AsSpan()).ToArray(),
        (16, false) => MemoryMarshal.AsBytes(pixels.GetFrame<ushort>(frame).AsSpan()).ToArray(),
        (32, true) => MemoryMarshal.AsBytes(pixels.GetFrame<int>(frame).AsSpan()).ToArray(),
        _ => MemoryMarshal.AsBytes(pixels.GetFrame<uint>(frame).AsSpan()).ToArray(),
    };

    private static int FirstDifference(List<byte> a, byte[] b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return Math.Min(a.Count, b.Length);
    }
}
