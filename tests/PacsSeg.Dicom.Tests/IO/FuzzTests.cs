// Thousands of mutated and truncated files: reading them and touching every value ends in a typed exception
// or a result, never another exception, a hang or a huge allocation.
using PacsSeg.Dicom.Codecs;
using PacsSeg.Dicom.Imaging;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

public class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "CT_small.dcm", "rtplan.dcm", "nested_priv_SQ.dcm", "MR_small_RLE.dcm", "image_dfl.dcm", "ExplVR_BigEnd.dcm",
        "MR_small_implicit.dcm", "UN_sequence.dcm", "SC_rgb_rle_2frame.dcm",
    ];

    [Test]
    public void Open_MutatedAndTruncatedFiles_OnlyTypedExceptions()
    {
        Peers.RequirePydicom();
        var seeds = Seeds.Select(n => Path.Combine(Peers.PydicomData, "test_files", n)).Where(File.Exists).Select(File.ReadAllBytes).ToList();
        Assert.That(seeds, Has.Count.GreaterThan(5));
        var random = new Random(20261122);
        var codecs = new DicomCodecRegistry([new RleCodec()]);
        int parsed = 0, rejected = 0;
        var maxAllocated = 0L;
        for (var i = 0; i < 3000; i++)
        {
            var data = Mutate(seeds[i % seeds.Count], random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Stream stream = new MemoryStream(data, writable: false);
                if (i % 3 == 0)
                {
                    stream = new NonSeekableStream(stream);
                }

                var file = DicomFile.Open(stream);
                TouchEverything(file, codecs);
                parsed++;
            }
            catch (Exception e) when (e is DicomParseException or DicomDataException or DicomCodecException)
            {
                rejected++;
            }

            maxAllocated = Math.Max(maxAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        TestContext.Out.WriteLine($"parsed {parsed}, rejected {rejected}, largest allocation per file {maxAllocated / 1024} KiB");
        Assert.That(parsed, Is.GreaterThan(100));
        Assert.That(rejected, Is.GreaterThan(100));
        Assert.That(maxAllocated, Is.LessThan(64L << 20));
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                return data[..random.Next(data.Length)];
            case 1:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return data;
            case 2:
                // A plausible length field made huge or undefined.
                var at = random.Next(data.Length - 4);
                var value = random.Next(3) switch { 0 => 0xFFFFFFFFu, 1 => 0x7FFFFFF0u, _ => (uint)random.Next() };
                BitConverter.GetBytes(value).CopyTo(data, at);
                return data;
            default:
                var from = random.Next(data.Length);
                var len = random.Next(1, Math.Min(64, data.Length - from) + 1);
                return [.. data[..from], .. data[(from + len)..]];
        }
    }

    private static void TouchEverything(DicomFile file, DicomCodecRegistry codecs)
    {
        Touch(file.Dataset);
        if (file.Dataset.Contains(DicomTags.PixelData))
        {
            var pixels = DicomPixelData.Create(file, codecs);
            if (pixels.Info.FrameLength < 16 << 20)
            {
                pixels.GetFrameRescaled(0);
            }
        }
    }

    private static void Touch(DicomDataset ds)
    {
        foreach (var item in ds)
        {
            switch (item)
            {
                case DicomSequence s:
                    s.Items.ToList().ForEach(Touch);
                    break;
                case DicomElement e when e.VR.IsString:
                    ds.GetStrings(e.Tag);
                    break;
                case DicomElement e when e.VR.ValueSize > 1 && e.Length % e.VR.ValueSize == 0:
                    ds.GetDoubles(e.Tag);
                    break;
            }
        }
    }
}
