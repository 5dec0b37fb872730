using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Tests.Geometry;

public class VolumeGeometryTests
{
    [Test]
    public void IndexToPatient_AnisotropicAxial_StepsBySpacingAlongEachAxis()
    {
        var g = VolumeGeometry.Axial(10, 20, 30, new Vec3(0.5, 0.75, 2.5), new Vec3(-100, 50, 10));

        Assert.That(g.IndexToPatient(0, 0, 0), Is.EqualTo(new Vec3(-100, 50, 10)));
        Assert.That(g.IndexToPatient(2, 4, 3), Is.EqualTo(new Vec3(-99, 53, 17.5)));
    }

    [Test]
    public void PatientToIndex_ObliqueGeometry_InvertsIndexToPatient()
    {
        // 30 degrees about the patient's S axis, then a tilt: columns stay orthonormal.
        double a = Math.PI / 6, b = Math.PI / 9;
        var row = new Vec3(Math.Cos(a), Math.Sin(a), 0);
        var col = new Vec3(-Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b));
        var normal = Vec3.Cross(row, col);
        var g = new VolumeGeometry(64, 48, 17, new Vec3(12, -30, 200), new Vec3(0.8, 0.9, 3), Mat3.FromColumns(row, col, normal));

        var index = new Vec3(13.25, 40, 9.5);
        var back = g.PatientToIndex(g.IndexToPatient(index));

        Assert.That(back.X, Is.EqualTo(index.X).Within(1e-9));
        Assert.That(back.Y, Is.EqualTo(index.Y).Within(1e-9));
        Assert.That(back.Z, Is.EqualTo(index.Z).Within(1e-9));
        Assert.That(g.VoxelVolumeMm3, Is.EqualTo(0.8 * 0.9 * 3).Within(1e-9));
    }

    [Test]
    public void Constructor_NonPositiveSpacing_Throws()
    {
        Assert.Throws<ArgumentException>(() => VolumeGeometry.Axial(4, 4, 4, new Vec3(1, 0, 1)));
        Assert.Throws<ArgumentException>(() => VolumeGeometry.Axial(0, 4, 4, new Vec3(1, 1, 1)));
    }

    [Test]
    public void Volume_Indexer_UsesColumnFastestLayout()
    {
        var v = new Volume<short>(VolumeGeometry.Axial(3, 4, 5, new Vec3(1, 1, 1)));
        v[2, 1, 3] = 42;

        Assert.That(v.Voxels[(3 * 4 + 1) * 3 + 2], Is.EqualTo(42));
        Assert.That(v.Slice(3)[1 * 3 + 2], Is.EqualTo(42));
        Assert.Throws<IndexOutOfRangeException>(() => _ = v[3, 0, 0]);
    }

    [Test]
    public void Volume_WrongBufferLength_Throws()
    {
        var g = VolumeGeometry.Axial(3, 4, 5, new Vec3(1, 1, 1));
        Assert.Throws<ArgumentException>(() => _ = new Volume<float>(g, new float[59]));
    }

    [Test]
    public void SameGridAs_DetectsShiftedOrigin()
    {
        var a = VolumeGeometry.Axial(8, 8, 8, new Vec3(1, 1, 2));
        var b = VolumeGeometry.Axial(8, 8, 8, new Vec3(1, 1, 2), new Vec3(0, 0, 0.5));
        Assert.That(a.SameGridAs(a with { }), Is.True);
        Assert.That(a.SameGridAs(b), Is.False);
    }
}
