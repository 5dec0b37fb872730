// A large multi-frame file is parsed, read frame by frame and written through without its size in managed arrays.
using PacsSeg.Dicom.Imaging;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

public class StreamingTests
{
    [Test]
    public void OpenAndSave_LargeMultiFrameFile_AllocatesFarLessThanItsSize()
    {
        const int frames = 200, size = 512; // 100 MiB of pixel data
        var dir = Path.Combine(Path.GetTempPath(), "pacsseg-stream-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var source = Path.Combine(dir, "big.dcm");
            WriteBigFile(source, frames, size);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var file = DicomFile.Open(source);
            var pixels = DicomPixelData.Create(file);
            var frame = pixels.GetFrame<ushort>(frames - 1);
            var copy = Path.Combine(dir, "copy.dcm");
            file.Save(copy);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.That(file.Dataset.FindElement(DicomTags.PixelData)!.Buffer, Is.InstanceOf<FileDicomBuffer>());
            Assert.That(frame[0], Is.EqualTo((ushort)(frames - 1)));
            Assert.That(allocated, Is.LessThan(8L << 20), "open + one frame + save of a 100 MiB file");
            Assert.That(new FileInfo(copy).Length, Is.EqualTo(new FileInfo(source).Length).Within(512));
            Assert.That(DicomPixelData.Create(DicomFile.Open(copy)).GetFrame<ushort>(123)[7], Is.EqualTo((ushort)123));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteBigFile(string path, int frames, int size)
    {
        // The pixel data is itself written from a file-backed buffer, so making the test file streams too.
        var raw = path + ".raw";
        using (var fs = new FileStream(raw, FileMode.Create))
        {
            var slice = new byte[size * size * 2];
            for (var f = 0; f < frames; f++)
            {
                for (var i = 0; i < slice.Length; i += 2)
                {
                    slice[i] = (byte)f;
                    slice[i + 1] = 0;
                }

                fs.Write(slice);
            }
        }

        var ds = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage.Value)
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate().Value)
            .AddOrUpdateIntegers(DicomTags.NumberOfFrames, frames)
            .AddOrUpdate(DicomTags.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTags.Rows, (ushort)size)
            .AddOrUpdate(DicomTags.Columns, (ushort)size)
            .AddOrUpdate(DicomTags.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTags.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTags.HighBit, (ushort)15)
            .AddOrUpdate(DicomTags.PixelRepresentation, (ushort)0)
            .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, new FileDicomBuffer(raw, 0, (long)frames * size * size * 2));
        new DicomFile(ds).Save(path);
        File.Delete(raw);
    }
}
