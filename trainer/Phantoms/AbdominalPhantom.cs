// Abdominal-like CT phantom: one small, irregular, low-contrast organ (pancreas-like: a lobulated tube
// along a curve) among body wall, fat, spine, aorta, liver, kidneys and bowel. Label 1 = the organ.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>Deterministic generator of abdominal-like CT cases (same seed, same bytes).</summary>
public static class AbdominalPhantom
{
    public const byte Organ = 1;

    public static IReadOnlyList<string> ClassNames { get; } = ["background", "organ"];

    public static PhantomCase Generate(int seed, AbdominalPhantomOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = DeterministicRandom.ForStream(seed, 2);
        var scene = Scene.Draw(random, options);
        var geometry = VolumeGeometry.Axial(options.SizeX, options.SizeY, options.SizeZ, options.Spacing);
        var image = new float[geometry.VoxelCount];
        var label = new byte[geometry.VoxelCount];
        int s = options.PartialVolumeSamples;
        int n = 0;
        for (int k = 0; k < options.SizeZ; k++)
        {
            for (int j = 0; j < options.SizeY; j++)
            {
                for (int i = 0; i < options.SizeX; i++, n++)
                {
                    label[n] = scene.InOrgan(i, j, k) ? Organ : (byte)0;
                    double sum = 0;
                    for (int sz = 0; sz < s; sz++)
                        for (int sy = 0; sy < s; sy++)
                            for (int sx = 0; sx < s; sx++)
                                sum += scene.Hounsfield(i + (sx + 0.5) / s - 0.5, j + (sy + 0.5) / s - 0.5, k + (sz + 0.5) / s - 0.5);
                    image[n] = (float)(sum / (s * s * s));
                }
            }
        }
        ArrayFilters.GaussianBlur(image, options.SizeX, options.SizeY, options.SizeZ, options.BlurSigma, options.BlurSigma, options.BlurSigma * 0.5);
        ArrayFilters.AddGaussianNoise(image, options.NoiseHu, random);
        return new PhantomCase(name ?? $"abdomen_{seed}", new Volume<float>(geometry, image), new Volume<byte>(geometry, label));
    }

    private sealed record Blob(double X, double Y, double Z, double Rx, double Ry, double Rz, double Hu)
    {
        public bool Contains(double x, double y, double z)
        {
            double u = (x - X) / Rx, v = (y - Y) / Ry, w = (z - Z) / Rz;
            return u * u + v * v + w * w <= 1;
        }
    }

    private sealed class Scene
    {
        private double _cx, _cy, _bodyA, _bodyB, _fat;
        private readonly List<Blob> _organs = [];
        private readonly List<Blob> _tissues = [];
        private readonly List<(double X, double Y, double Z, double R)> _tube = [];
        private double _organHu, _softHu;

        public static Scene Draw(DeterministicRandom r, AbdominalPhantomOptions o)
        {
            double n = Math.Min(o.SizeX, o.SizeY);
            double zScale = o.Spacing.X / o.Spacing.Z;
            var s = new Scene
            {
                _cx = o.SizeX / 2.0 + r.Uniform(-0.03, 0.03) * n,
                _cy = o.SizeY / 2.0 + r.Uniform(-0.03, 0.03) * n,
                _bodyA = r.Uniform(0.42, 0.47) * n,
                _bodyB = r.Uniform(0.32, 0.38) * n,
                _fat = r.Uniform(0.05, 0.1),
                _softHu = r.Uniform(30, 45),
            };
            s._organHu = s._softHu + r.Uniform(8, 20);
            double zMid = o.SizeZ / 2.0;
            // +x is the patient's left and +y posterior (LPS): liver on the image's low-x side, spine posterior.
            s._tissues.Add(new Blob(s._cx - 0.22 * n, s._cy - 0.02 * n, zMid + r.Uniform(-4, 4), 0.2 * n, 0.22 * n, o.SizeZ * 0.6, r.Uniform(55, 70)));
            s._tissues.Add(new Blob(s._cx - 0.2 * n, s._cy + 0.17 * n, zMid, 0.07 * n, 0.09 * n, 0.12 * n * zScale * 3, r.Uniform(28, 40)));
            s._tissues.Add(new Blob(s._cx + 0.2 * n, s._cy + 0.17 * n, zMid, 0.07 * n, 0.09 * n, 0.12 * n * zScale * 3, r.Uniform(28, 40)));
            int bowel = r.NextInt(8, 16);
            for (int b = 0; b < bowel; b++)
            {
                double hu = r.Chance(0.3) ? r.Uniform(-900, -500) : r.Chance(0.5) ? r.Uniform(100, 200) : r.Uniform(0, 50);
                double radius = r.Uniform(0.03, 0.07) * n;
                s._tissues.Add(new Blob(s._cx + r.Uniform(-0.3, 0.3) * n, s._cy + r.Uniform(-0.25, 0.05) * n, r.Uniform(0, o.SizeZ),
                    radius, radius * r.Uniform(0.7, 1.3), radius * zScale * r.Uniform(1, 3), hu));
            }
            // Aorta and spine are tubes along z: radius in z covers the whole stack.
            s._organs.Add(new Blob(s._cx + 0.04 * n, s._cy + 0.1 * n, zMid, 0.035 * n, 0.035 * n, o.SizeZ * 10, r.Uniform(150, 250)));
            s._organs.Add(new Blob(s._cx, s._cy + 0.24 * n, zMid, 0.07 * n, 0.06 * n, o.SizeZ * 10, r.Uniform(500, 900)));

            // The organ: spheres along a random curve in front of the aorta, radius varying (lobulation).
            double x0 = s._cx - r.Uniform(0.08, 0.15) * n, x1 = s._cx + r.Uniform(0.15, 0.25) * n;
            double y0 = s._cy + r.Uniform(-0.05, 0.05) * n, bend = r.Uniform(-0.06, 0.06) * n;
            double z0 = zMid + r.Uniform(-0.15, 0.15) * o.SizeZ, tilt = r.Uniform(-0.15, 0.15) * o.SizeZ;
            int beads = r.NextInt(8, 14);
            for (int b = 0; b < beads; b++)
            {
                double t = b / (double)(beads - 1);
                double radius = r.Uniform(0.03, 0.06) * n * (1 - 0.4 * t);
                s._tube.Add((x0 + (x1 - x0) * t + r.Uniform(-1.5, 1.5), y0 + bend * Math.Sin(Math.PI * t) + r.Uniform(-1.5, 1.5),
                    z0 + tilt * (t - 0.5), radius));
            }
            return s;
        }

        public bool InOrgan(double x, double y, double z)
        {
            // z is in voxel steps of the thicker slices: compare in in-plane voxel units.
            foreach (var (bx, by, bz, radius) in _tube)
            {
                double dx = x - bx, dy = y - by, dz = (z - bz) * 1.6;
                if (dx * dx + dy * dy + dz * dz <= radius * radius)
                    return true;
            }
            return false;
        }

        public double Hounsfield(double x, double y, double z)
        {
            double u = (x - _cx) / _bodyA, v = (y - _cy) / _bodyB;
            double body = u * u + v * v;
            if (body > 1)
                return -1000;
            if (body > (1 - _fat) * (1 - _fat))
                return -100;
            double hu = _softHu;
            foreach (var t in _tissues)
            {
                if (t.Contains(x, y, z))
                    hu = t.Hu;
            }
            foreach (var o in _organs)
            {
                if (o.Contains(x, y, z))
                    hu = o.Hu;
            }
            if (InOrgan(x, y, z))
                hu = _organHu;
            return hu;
        }
    }
}
