using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Processing;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.Processing;

public class ResamplerTests
{
    [Test]
    public void Linear_TwoVoxelsToQuarterSpacing_InterpolatesBetweenCentres()
    {
        var source = new Volume<short>(VolumeGeometry.Axial(2, 1, 1, new Vec3(1, 1, 1)), [0, 10]);
        var target = VolumeGeometry.Axial(5, 1, 1, new Vec3(0.25, 1, 1));

        var result = Resampler.Linear(source, target);

        Assert.That(result.Voxels, Is.EqualTo(new[] { 0f, 2.5f, 5f, 7.5f, 10f }));
    }

    [Test]
    public void Linear_ObliqueTargetInsideAnisotropicSource_ReproducesALinearFunctionOfPatientPosition()
    {
        // f(p) = 2x - y + 0.5z + 7 is linear in patient space, so trilinear sampling must give it exactly.
        static double F(Vec3 p) => 2 * p.X - p.Y + 0.5 * p.Z + 7;
        var sourceGeometry = new VolumeGeometry(40, 36, 20, new Vec3(-20, -18, -25), new Vec3(1, 1, 2.5), Mat3.Identity);
        var source = new Volume<double>(sourceGeometry);
        for (int k = 0; k < 20; k++)
            for (int j = 0; j < 36; j++)
                for (int i = 0; i < 40; i++)
                    source[i, j, k] = F(sourceGeometry.IndexToPatient(i, j, k));
        var oblique = TestGeometries.Oblique(12, 10, 6);
        var target = new VolumeGeometry(12, 10, 6, new Vec3(-4, -3, -6), oblique.Spacing, oblique.Direction);

        var result = Resampler.Linear(source, target, outside: float.NaN);

        for (int k = 0; k < 6; k++)
            for (int j = 0; j < 10; j++)
                for (int i = 0; i < 12; i++)
                    Assert.That(result[i, j, k], Is.EqualTo(F(target.IndexToPatient(i, j, k))).Within(1e-3), $"voxel {i},{j},{k}");
    }

    [Test]
    public void Nearest_OntoGridFlippedAlongX_ReversesEachRowAndKeepsLabels()
    {
        var g = VolumeGeometry.Axial(4, 2, 1, new Vec3(1, 1, 1));
        var labels = new Volume<byte>(g, [1, 2, 3, 4, 5, 6, 7, 8]);
        // Same voxel centres, i axis pointing the other way: starts at x = 3.
        var flipped = new VolumeGeometry(4, 2, 1, new Vec3(3, 0, 0), new Vec3(1, 1, 1),
            Mat3.FromColumns(new Vec3(-1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, -1)));

        var result = Resampler.Nearest(labels, flipped);

        Assert.That(result.Voxels, Is.EqualTo(new byte[] { 4, 3, 2, 1, 8, 7, 6, 5 }));
    }

    [Test]
    public void Nearest_HalfSpacing_RepeatsEachLabelTwiceAndNeverInventsValues()
    {
        var labels = new Volume<byte>(VolumeGeometry.Axial(3, 1, 1, new Vec3(2, 1, 1)), [0, 5, 9]);

        var result = Resampler.NearestToSpacing(labels, new Vec3(1, 1, 1));

        Assert.That(result.Geometry.SizeX, Is.EqualTo(6));
        Assert.That(result.Geometry.Origin.X, Is.EqualTo(-0.5).Within(1e-12));
        // Centres at -0.5, 0.5 | 1.5, 2.5 | 3.5, 4.5; source centres 0, 2, 4.
        Assert.That(result.Voxels, Is.EqualTo(new byte[] { 0, 0, 5, 5, 9, 9 }));
    }

    [Test]
    public void Linear_PointsFarOutsideSource_GetOutsideValue()
    {
        var source = new Volume<float>(VolumeGeometry.Axial(2, 2, 2, new Vec3(1, 1, 1)), [1, 1, 1, 1, 1, 1, 1, 1]);
        var target = VolumeGeometry.Axial(4, 1, 1, new Vec3(1, 1, 1), new Vec3(-1, 0, 0));

        var result = Resampler.Linear(source, target, outside: -1000);

        // x = -1 is a whole voxel out; x = 0 and 1 are centres; x = 2 is a whole voxel out.
        Assert.That(result.Voxels, Is.EqualTo(new[] { -1000f, 1f, 1f, -1000f }));
    }

    [Test]
    public void GeometryWithSpacing_KeepsCentreAndDirectionAndRoundsSize()
    {
        var g = TestGeometries.Oblique(10, 9, 7);

        var resampled = Resampler.GeometryWithSpacing(g, new Vec3(1.6, 0.45, 1.5));

        Assert.That((resampled.SizeX, resampled.SizeY, resampled.SizeZ), Is.EqualTo((5, 18, 14)));
        Assert.That(resampled.Direction, Is.EqualTo(g.Direction));
        var oldCentre = g.IndexToPatient(4.5, 4, 3);
        var newCentre = resampled.IndexToPatient(2, 8.5, 6.5);
        Assert.That(Vec3.Distance(oldCentre, newCentre), Is.LessThan(1e-9));
    }

    [Test]
    public void LinearToSpacing_SmoothRamp_KeepsValuesAtSamePatientPositions()
    {
        var g = new VolumeGeometry(30, 20, 10, new Vec3(5, 6, 7), new Vec3(0.7, 0.7, 3), Mat3.Identity);
        var source = new Volume<float>(g);
        for (int k = 0; k < 10; k++)
            for (int j = 0; j < 20; j++)
                for (int i = 0; i < 30; i++)
                    source[i, j, k] = (float)g.IndexToPatient(i, j, k).Z;

        var result = Resampler.LinearToSpacing(source, new Vec3(1, 1, 1));

        Assert.That(result.SizeZ, Is.EqualTo(30));
        for (int k = 1; k < result.SizeZ - 1; k++)
        {
            double z = result.Geometry.IndexToPatient(0, 0, k).Z;
            if (z >= 7 && z <= 7 + 27)
                Assert.That(result[3, 4, k], Is.EqualTo(z).Within(1e-4), $"slice {k}");
        }
    }
}
