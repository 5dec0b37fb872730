// A synthetic CT-like torso with known anatomy in patient space, for tests, benchmarks and
// `render --phantom`. Everything is defined in LPS millimetres and sampled through the grid's
// geometry, so an oblique or anisotropic grid shows the same anatomy in the same place.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Scene;

/// <summary>Builds the phantom and tells where its structures are.</summary>
public sealed class Phantom
{
    public Phantom(double extentMm = 200)
    {
        if (!(extentMm > 0))
            throw new ArgumentOutOfRangeException(nameof(extentMm));
        ExtentMm = extentMm;
        double e = extentMm;
        LeftOrgan = new Vec3(0.20 * e, 0.02 * e, -0.05 * e);
        RightOrgan = new Vec3(-0.19 * e, -0.02 * e, 0.08 * e);
        Marker = new Vec3(0.15 * e, -0.22 * e, 0.30 * e);
        UncertainBlob = new Vec3(-0.17 * e, -0.12 * e, -0.25 * e);
    }

    public double ExtentMm { get; }
    /// <summary>Centre of the organ at the patient's left (+x), label 1.</summary>
    public Vec3 LeftOrgan { get; }
    public double LeftOrganRadius => 0.09 * ExtentMm;
    /// <summary>Centre of the organ at the patient's right (-x), label 2.</summary>
    public Vec3 RightOrgan { get; }
    public double RightOrganRadius => 0.11 * ExtentMm;
    /// <summary>A bone sphere at anterior (-y), left (+x), superior (+z).</summary>
    public Vec3 Marker { get; }
    public double MarkerRadius => 0.05 * ExtentMm;
    /// <summary>Centre of an unlabelled region of high uncertainty (right, anterior, inferior).</summary>
    public Vec3 UncertainBlob { get; }
    public double UncertainBlobRadius => 0.07 * ExtentMm;

    public const byte LeftLabel = 1;
    public const byte RightLabel = 2;

    /// <summary>Axial grid of <paramref name="size"/>^3 voxels spanning the extent, centred on the origin.</summary>
    public VolumeGeometry Grid(int size, Vec3? spacingRatio = null, Mat3? direction = null, int? sizeZ = null)
    {
        var ratio = spacingRatio ?? new Vec3(1, 1, 1);
        int nz = sizeZ ?? size;
        var spacing = new Vec3(ExtentMm / size * ratio.X, ExtentMm / size * ratio.Y, ExtentMm / nz * ratio.Z);
        var dir = direction ?? Mat3.Identity;
        // Put the centre of the grid at the patient origin whatever the direction.
        var half = new Vec3((size - 1) * spacing.X / 2, (size - 1) * spacing.Y / 2, (nz - 1) * spacing.Z / 2);
        var origin = -(dir * half);
        return new VolumeGeometry(size, size, nz, origin, spacing, dir);
    }

    /// <summary>Samples intensity (HU), labels and uncertainty on <paramref name="grid"/>.</summary>
    public ViewerScene Build(VolumeGeometry grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var intensity = new Volume<float>(grid);
        var labels = new Volume<byte>(grid);
        var uncertainty = new Volume<float>(grid);
        double e = ExtentMm;
        Parallel.For(0, grid.SizeZ, k =>
        {
            for (int j = 0; j < grid.SizeY; j++)
            for (int i = 0; i < grid.SizeX; i++)
            {
                var p = grid.IndexToPatient(i, j, k);
                int n = grid.LinearIndex(i, j, k);
                (intensity.Voxels[n], labels.Voxels[n], uncertainty.Voxels[n]) = Sample(p, e);
            }
        });
        var infos = new List<LabelInfo>
        {
            new(LeftLabel, "left organ", 0.95f, 0.15f, 0.10f),
            new(RightLabel, "right organ", 0.10f, 0.90f, 0.20f),
        };
        return new ViewerScene("phantom", intensity, labels, uncertainty, infos);
    }

    private (float Hu, byte Label, float Uncertainty) Sample(Vec3 p, double e)
    {
        float hu = -1000;
        byte label = 0;
        float u = 0;
        double bx = p.X / (0.40 * e), by = p.Y / (0.30 * e), bz = p.Z / (0.46 * e);
        if (bx * bx + by * by + bz * bz <= 1)
            hu = 40;
        double spineX = p.X, spineY = p.Y - 0.17 * e;
        if (spineX * spineX + spineY * spineY <= Sq(0.06 * e) && Math.Abs(p.Z) < 0.42 * e)
            hu = 700;
        double aortaX = p.X - 0.03 * e, aortaY = p.Y - 0.06 * e;
        if (aortaX * aortaX + aortaY * aortaY <= Sq(0.03 * e) && Math.Abs(p.Z) < 0.40 * e)
            hu = 300;
        double dl = Vec3.Distance(p, LeftOrgan);
        if (dl <= LeftOrganRadius)
        {
            hu = 60;
            label = LeftLabel;
        }
        if (Vec3.Distance(p, RightOrgan) <= RightOrganRadius)
        {
            hu = 55;
            label = RightLabel;
        }
        if (Vec3.Distance(p, Marker) <= MarkerRadius)
            hu = 1000;
        // Uncertainty: a thin shell on the left organ's boundary and a solid blob elsewhere.
        double shell = Math.Exp(-Sq(dl - LeftOrganRadius) / (2 * Sq(0.01 * e)));
        double blob = Math.Clamp(1.3 - Vec3.Distance(p, UncertainBlob) / UncertainBlobRadius, 0, 1);
        u = (float)Math.Max(shell * 0.8, blob);
        return (hu, label, u);
    }

    private static double Sq(double x) => x * x;
}
