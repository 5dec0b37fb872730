using System.Buffers.Binary;
using System.IO.Compression;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.IO.Nifti;

public class NiftiBadInputTests
{
    private static byte[] ValidFile()
    {
        using var ms = new MemoryStream();
        NiftiWriter.Write(ms, new Volume<short>(VolumeGeometry.Axial(4, 3, 2, new Vec3(1, 1, 1))));
        return ms.ToArray();
    }

    private static NiftiFormatException ReadFails(byte[] bytes) =>
        Assert.Throws<NiftiFormatException>(() => NiftiReader.ReadVolume<float>(new MemoryStream(bytes)))!;

    [Test]
    public void Read_WrongSizeofHdr_ThrowsNiftiFormatException()
    {
        var bytes = ValidFile();
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 123);
        Assert.That(ReadFails(bytes).Message, Does.Contain("sizeof_hdr"));
    }

    [Test]
    public void Read_AnalyzeMagic_ThrowsNiftiFormatException()
    {
        var bytes = ValidFile();
        bytes.AsSpan(344, 4).Clear();
        Assert.That(ReadFails(bytes).Message, Does.Contain("magic"));
    }

    [Test]
    public void Read_UnsupportedDatatype_ThrowsNiftiFormatException()
    {
        var bytes = ValidFile();
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(70), 32); // complex64
        Assert.That(ReadFails(bytes).Message, Does.Contain("datatype 32"));
    }

    [Test]
    public void Read_NegativeDimension_ThrowsNiftiFormatException()
    {
        var bytes = ValidFile();
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44), -5);
        Assert.That(ReadFails(bytes).Message, Does.Contain("dim[2]"));
    }

    [Test]
    public void Read_TruncatedVoxelData_ThrowsBeforeAllocating()
    {
        var bytes = ValidFile();
        Assert.That(ReadFails(bytes[..^3]).Message, Does.Contain("Truncated"));
    }

    [Test]
    public void Read_HugeDimensionsInSmallFile_ThrowsWithoutAllocating()
    {
        var bytes = ValidFile();
        for (int d = 1; d <= 3; d++)
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40 + 2 * d), 1200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadFails(bytes);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(10_000_000));
    }

    [Test]
    public void Read_GzipClaimingMoreThanDeflateCanHold_ThrowsWithoutAllocating()
    {
        var bytes = ValidFile();
        for (int d = 1; d <= 3; d++)
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40 + 2 * d), 1100);
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(ReadFails(gz.ToArray()).Message, Does.Contain("gzip"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(10_000_000));
    }

    [Test]
    public void Read_VoxOffsetInsideHeader_ThrowsNiftiFormatException()
    {
        var bytes = ValidFile();
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(108), 100f);
        Assert.That(ReadFails(bytes).Message, Does.Contain("vox_offset"));
    }

    [Test]
    public void Read_EmptyFile_ThrowsNiftiFormatException()
    {
        ReadFails([]);
        ReadFails([1, 2, 3, 4, 5]);
    }

    [Test]
    public void Read_ThousandsOfRandomMutations_OnlyEverThrowNiftiFormatException()
    {
        var valid = ValidFile();
        var random = new Random(1234);
        for (int trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])valid.Clone();
            int mutations = random.Next(1, 8);
            for (int m = 0; m < mutations; m++)
                bytes[random.Next(0, 360)] = (byte)random.Next(256);
            if (random.Next(4) == 0)
                bytes = bytes[..random.Next(bytes.Length)];
            try
            {
                NiftiReader.ReadVolume<float>(new MemoryStream(bytes));
            }
            catch (NiftiFormatException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"trial {trial}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
