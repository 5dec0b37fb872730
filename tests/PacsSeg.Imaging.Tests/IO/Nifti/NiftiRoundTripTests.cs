using System.Numerics;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.IO.Nifti;

public class NiftiRoundTripTests
{
    private static Volume<T> Ramp<T>(VolumeGeometry g, Func<int, T> value) where T : unmanaged
    {
        var v = new Volume<T>(g);
        for (int n = 0; n < v.Voxels.Length; n++)
            v.Voxels[n] = value(n);
        return v;
    }

    private static void AssertRoundTrip<T>(Func<int, T> value, string name) where T : unmanaged, INumber<T>
    {
        using var dir = new TempDir();
        var source = Ramp(TestGeometries.Oblique(), value);
        string path = dir.File(name);
        NiftiWriter.Write(path, source);

        var back = NiftiReader.ReadVolume<T>(path);

        Assert.That(back.Voxels, Is.EqualTo(source.Voxels));
        Assert.That(NiftiReader.ReadHeader(path).DataType, Is.EqualTo(NiftiWriter.DataTypeOf<T>()));
    }

    [Test]
    public void WriteThenRead_EveryDatatype_RoundTripsValuesExactly()
    {
        AssertRoundTrip<byte>(n => (byte)(n * 7), "u8.nii");
        AssertRoundTrip<sbyte>(n => (sbyte)(n - 70), "i8.nii.gz");
        AssertRoundTrip<short>(n => (short)(n * 300 - 20000), "i16.nii");
        AssertRoundTrip<ushort>(n => (ushort)(n * 450), "u16.nii.gz");
        AssertRoundTrip<int>(n => n * 1_000_003 - 50_000_000, "i32.nii");
        AssertRoundTrip<uint>(n => (uint)n * 30_000_001u, "u32.nii");
        AssertRoundTrip<long>(n => (long)n << 40, "i64.nii");
        AssertRoundTrip<ulong>(n => ulong.MaxValue - (ulong)n, "u64.nii.gz");
        AssertRoundTrip<float>(n => n * 0.37f - 11f, "f32.nii.gz");
        AssertRoundTrip<double>(n => Math.PI * n - 1e6, "f64.nii");
    }

    [TestCase(1, "a.nii", 1e-4)]
    [TestCase(1, "a.nii.gz", 1e-4)]
    [TestCase(2, "a.nii", 1e-9)]
    [TestCase(2, "a.nii.gz", 1e-9)]
    public void WriteThenRead_ObliqueAnisotropic_KeepsPatientPositions(int version, string name, double toleranceMm)
    {
        using var dir = new TempDir();
        var source = Ramp(TestGeometries.Oblique(), n => (float)n);
        NiftiWriter.Write(dir.File(name), source, new NiftiWriteOptions { Version = version });

        var header = NiftiReader.ReadHeader(dir.File(name));
        var back = NiftiReader.ReadVolume<float>(dir.File(name));

        Assert.That(header.Version, Is.EqualTo(version));
        Assert.That(header.AffineSource, Is.EqualTo(NiftiAffineSource.Sform));
        TestGeometries.AssertSameGrid(back.Geometry, source.Geometry, toleranceMm);
        Assert.That(back.Voxels, Is.EqualTo(source.Voxels));
    }

    [Test]
    public void Write_ReflectedDirection_StoresQfacMinusOneAndQformMatchesSform()
    {
        var g = TestGeometries.SagittalReflected();
        var header = NiftiWriter.CreateHeader(new Volume<short>(g));

        Assert.That(header.PixDim[0], Is.EqualTo(-1));
        Assert.That(header.QformCode, Is.EqualTo(1));
        // The qform alone must give the same grid as the sform: read it with the sform code cleared.
        var qformOnly = new NiftiHeader
        {
            Dim = header.Dim, PixDim = header.PixDim, DataType = header.DataType, QformCode = 1, SformCode = 0,
            QuaternB = header.QuaternB, QuaternC = header.QuaternC, QuaternD = header.QuaternD, QOffset = header.QOffset,
        };
        Assert.That(qformOnly.AffineSource, Is.EqualTo(NiftiAffineSource.Qform));
        TestGeometries.AssertSameGrid(qformOnly.GetGeometry(), g, 1e-9);
    }

    [Test]
    public void Write_NonOrthogonalDirection_LeavesQformUnsetAndSformExact()
    {
        var sheared = new VolumeGeometry(4, 4, 4, new Vec3(1, 2, 3), new Vec3(1, 1, 2),
            Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0.2, 0, 1).Normalized()));
        using var dir = new TempDir();
        NiftiWriter.Write(dir.File("s.nii"), new Volume<byte>(sheared), new NiftiWriteOptions { Version = 2 });

        var header = NiftiReader.ReadHeader(dir.File("s.nii"));
        Assert.That(header.QformCode, Is.EqualTo(0));
        TestGeometries.AssertSameGrid(header.GetGeometry(), sheared, 1e-9);
    }

    [Test]
    public void Read_WithScaling_GivesRealValuesAndStoredValuesOnRequest()
    {
        using var dir = new TempDir();
        var stored = Ramp(VolumeGeometry.Axial(3, 2, 2, new Vec3(1, 1, 1)), n => (short)(n * 10));
        NiftiWriter.Write(dir.File("ct.nii"), stored, new NiftiWriteOptions { ScaleSlope = 0.5, ScaleIntercept = -1024 });

        var real = NiftiReader.ReadVolume<float>(dir.File("ct.nii"));
        var raw = NiftiReader.ReadVolume<short>(dir.File("ct.nii"), applyScaling: false);
        var roundedToInt = NiftiReader.ReadVolume<int>(dir.File("ct.nii"));

        Assert.That(real.Voxels[5], Is.EqualTo(50 * 0.5f - 1024f));
        Assert.That(raw.Voxels, Is.EqualTo(stored.Voxels));
        Assert.That(roundedToInt.Voxels[11], Is.EqualTo(110 / 2 - 1024));
    }

    [Test]
    public void ReadVolume_FromNonSeekableGzipStream_Works()
    {
        var source = Ramp(TestGeometries.Oblique(), n => (ushort)n);
        using var ms = new MemoryStream();
        NiftiWriter.Write(ms, source, new NiftiWriteOptions { Compress = true });

        using var pipe = new ForwardOnlyStream(ms.ToArray());
        var back = NiftiReader.ReadVolume<ushort>(pipe);

        Assert.That(back.Voxels, Is.EqualTo(source.Voxels));
    }

    [Test]
    public void Write_ExistingFile_IsReplacedWholeAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDir();
        NiftiWriter.Write(dir.File("x.nii.gz"), Ramp(VolumeGeometry.Axial(2, 2, 2, new Vec3(1, 1, 1)), n => (byte)n));
        NiftiWriter.Write(dir.File("x.nii.gz"), Ramp(VolumeGeometry.Axial(3, 3, 3, new Vec3(1, 1, 1)), n => (byte)(n + 1)));

        Assert.That(Directory.GetFiles(dir.Path), Has.Length.EqualTo(1));
        Assert.That(NiftiReader.ReadVolume<byte>(dir.File("x.nii.gz")).Voxels[26], Is.EqualTo(27));
    }

    /// <summary>A stream that can only be read forward, like a network body.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
        public override long Length => throw new NotSupportedException();
    }
}
