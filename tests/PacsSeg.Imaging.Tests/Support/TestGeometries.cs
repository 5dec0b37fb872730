// Geometries the tests share: oblique, anisotropic, reflected.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Tests.Support;

internal static class TestGeometries
{
    /// <summary>Rotated 30 degrees about S and tilted 20 degrees; spacing 0.8 x 0.9 x 3 mm.</summary>
    public static VolumeGeometry Oblique(int sx = 7, int sy = 5, int sz = 4)
    {
        double a = Math.PI / 6, b = Math.PI / 9;
        var row = new Vec3(Math.Cos(a), Math.Sin(a), 0);
        var col = new Vec3(-Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b));
        var normal = Vec3.Cross(row, col);
        return new VolumeGeometry(sx, sy, sz, new Vec3(12.5, -30.25, 200), new Vec3(0.8, 0.9, 3), Mat3.FromColumns(row, col, normal));
    }

    /// <summary>Sagittal with a left-handed index frame (determinant -1), as some DICOM series are.</summary>
    public static VolumeGeometry SagittalReflected(int sx = 6, int sy = 5, int sz = 3) =>
        new(sx, sy, sz, new Vec3(-40, 10, 55), new Vec3(1.25, 0.7, 2.5),
            Mat3.FromColumns(new Vec3(0, 1, 0), new Vec3(0, 0, -1), new Vec3(1, 0, 0)));

    public static void AssertSameGrid(VolumeGeometry actual, VolumeGeometry expected, double toleranceMm)
    {
        Assert.That((actual.SizeX, actual.SizeY, actual.SizeZ), Is.EqualTo((expected.SizeX, expected.SizeY, expected.SizeZ)));
        foreach (var index in new[] { new Vec3(0, 0, 0), new Vec3(expected.SizeX - 1, 0, 0), new Vec3(0, expected.SizeY - 1, 0),
                     new Vec3(0, 0, expected.SizeZ - 1), new Vec3(expected.SizeX - 1, expected.SizeY - 1, expected.SizeZ - 1) })
        {
            var a = actual.IndexToPatient(index);
            var e = expected.IndexToPatient(index);
            Assert.That(Vec3.Distance(a, e), Is.LessThan(toleranceMm), $"voxel {index}: {a} vs {e}");
        }
    }
}
