// Cardiac-like short-axis MR phantom: LV blood pool, myocardium ring and RV crescent inside a chest with
// lungs and clutter, then the acquisition: partial volume, blur, bias field and Rician noise.
// Labels follow ACDC: 1 = RV, 2 = myocardium, 3 = LV.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>Deterministic generator of cardiac-like MR cases (same seed, same bytes).</summary>
public static class CardiacPhantom
{
    public const byte RightVentricle = 1;
    public const byte Myocardium = 2;
    public const byte LeftVentricle = 3;

    public static IReadOnlyList<string> ClassNames { get; } = ["background", "RV", "Myo", "LV"];

    public static PhantomCase Generate(int seed, CardiacPhantomOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = DeterministicRandom.ForStream(seed, 1);
        var anatomy = Anatomy.Draw(random, options);
        var acquisition = Acquisition.Draw(seed, options);
        var geometry = VolumeGeometry.Axial(options.SizeX, options.SizeY, options.SizeZ, options.Spacing);
        var image = new float[geometry.VoxelCount];
        var label = new byte[geometry.VoxelCount];
        int plane = options.SizeX * options.SizeY;
        int samples = options.PartialVolumeSamples;

        for (int k = 0; k < options.SizeZ; k++)
        {
            var slice = anatomy.AtSlice(k, options.SizeZ, acquisition.SlicePosition);
            for (int j = 0; j < options.SizeY; j++)
            {
                for (int i = 0; i < options.SizeX; i++)
                {
                    int n = k * plane + j * options.SizeX + i;
                    label[n] = slice.Classify(i, j);
                    double sum = 0;
                    for (int sy = 0; sy < samples; sy++)
                    {
                        for (int sx = 0; sx < samples; sx++)
                        {
                            double x = i + (sx + 0.5) / samples - 0.5;
                            double y = j + (sy + 0.5) / samples - 0.5;
                            sum += slice.Intensity(x, y);
                        }
                    }
                    image[n] = (float)acquisition.Contrast(sum / (samples * samples));
                }
            }
        }

        var slices = image.AsSpan();
        for (int k = 0; k < options.SizeZ; k++)
            ArrayFilters.GaussianBlur(slices.Slice(k * plane, plane), options.SizeX, options.SizeY, 1, acquisition.BlurSigma, acquisition.BlurSigma, 0);
        ApplyBias(image, options.SizeX, options.SizeY, acquisition.BiasAmplitude, random);
        ArrayFilters.AddRicianNoise(image, acquisition.NoiseFraction * acquisition.Contrast(anatomy.BloodIntensity), random);
        // Arbitrary scanner units: MR intensities carry no physical scale, so normalisation must handle it.
        float scale = (float)random.Uniform(400, 1200);
        for (int n = 0; n < image.Length; n++)
            image[n] *= scale;

        return new PhantomCase(name ?? $"cardiac_{seed}", new Volume<float>(geometry, image), new Volume<byte>(geometry, label));
    }

    /// <summary>The per-case acquisition: the options' levels, or (Wide) levels drawn around them.</summary>
    private sealed record Acquisition(double NoiseFraction, double BiasAmplitude, double BlurSigma, double Gamma, double? SlicePosition)
    {
        /// <summary>The sequence's contrast curve on a 0..1 tissue intensity (identity for Standard).</summary>
        public double Contrast(double intensity) => Gamma == 1.0 ? intensity : Math.Pow(intensity, Gamma);

        public static Acquisition Draw(int seed, CardiacPhantomOptions o)
        {
            if (o.Variation == PhantomVariation.Standard)
                return new Acquisition(o.NoiseFraction, o.BiasAmplitude, o.BlurSigma, 1.0, null);
            var r = DeterministicRandom.ForStream(seed, 2);
            return new Acquisition(
                o.NoiseFraction * r.Uniform(0.4, 3.0),
                o.BiasAmplitude * r.Uniform(0.5, 3.0),
                o.BlurSigma * r.Uniform(0.7, 2.0),
                Math.Exp(r.Uniform(Math.Log(0.6), Math.Log(1.6))),
                r.Uniform(0.05, 0.85));
        }
    }

    private static void ApplyBias(float[] image, int sizeX, int sizeY, double biasAmplitude, DeterministicRandom random)
    {
        // exp of a random quadratic in normalised coordinates, scaled to the requested peak-to-peak.
        double a = random.Uniform(-1, 1), b = random.Uniform(-1, 1), c = random.Uniform(-1, 1), d = random.Uniform(-1, 1), e = random.Uniform(-1, 1);
        double norm = Math.Abs(a) + Math.Abs(b) + Math.Abs(c) + Math.Abs(d) + Math.Abs(e) + 1e-9;
        double amplitude = biasAmplitude / 2 / norm;
        int plane = sizeX * sizeY;
        for (int n = 0; n < image.Length; n++)
        {
            int i = n % sizeX, j = n % plane / sizeX;
            double x = 2.0 * i / (sizeX - 1) - 1, y = 2.0 * j / (sizeY - 1) - 1;
            double log = amplitude * (a * x + b * y + c * x * y + d * x * x + e * y * y);
            image[n] = (float)(image[n] * Math.Exp(log));
        }
    }

    private sealed record Ellipse(double Cx, double Cy, double A, double B, double Angle, double Value)
    {
        public bool Contains(double x, double y)
        {
            double dx = x - Cx, dy = y - Cy;
            double cos = Math.Cos(Angle), sin = Math.Sin(Angle);
            double u = (dx * cos + dy * sin) / A, v = (-dx * sin + dy * cos) / B;
            return u * u + v * v <= 1;
        }
    }

    /// <summary>The per-case shape parameters; <see cref="AtSlice"/> gives the 2D anatomy of one slice.</summary>
    private sealed class Anatomy
    {
        private double _cx, _cy, _endoRadius, _thickness, _ellipticity, _rotation, _a2, _phi2, _a3, _phi3;
        private double _rvAngle, _rvAlong, _rvAcross, _rvOffset, _apexStart;
        private double _lvBlood, _rvBlood, _myo;
        private Ellipse _body = null!;
        private readonly List<Ellipse> _clutter = [];

        public double BloodIntensity => Math.Max(_lvBlood, _rvBlood);

        public static Anatomy Draw(DeterministicRandom r, CardiacPhantomOptions o)
        {
            double size = Math.Min(o.SizeX, o.SizeY);
            var a = new Anatomy
            {
                _cx = o.SizeX / 2.0 + r.Uniform(-0.08, 0.08) * size,
                _cy = o.SizeY / 2.0 + r.Uniform(-0.08, 0.08) * size,
                _endoRadius = r.Uniform(0.07, 0.12) * size,
                _ellipticity = r.Uniform(0.8, 1.2),
                _rotation = r.Uniform(0, Math.PI),
                _a2 = r.Uniform(0, 0.1),
                _phi2 = r.Uniform(0, 2 * Math.PI),
                _a3 = r.Uniform(0, 0.06),
                _phi3 = r.Uniform(0, 2 * Math.PI),
                _rvAngle = r.Uniform(0, 2 * Math.PI),
                _rvAlong = r.Uniform(1.2, 1.6),
                _rvAcross = r.Uniform(0.7, 1.0),
                _rvOffset = r.Uniform(0.9, 1.15),
                _apexStart = r.Uniform(0.55, 0.8),
                _lvBlood = r.Uniform(0.85, 1.0),
                _rvBlood = r.Uniform(0.75, 0.95),
                _myo = r.Uniform(0.22, 0.35),
            };
            a._thickness = a._endoRadius * r.Uniform(0.35, 0.6);
            a._body = new Ellipse(o.SizeX / 2.0 + r.Uniform(-0.03, 0.03) * size, o.SizeY / 2.0 + r.Uniform(-0.03, 0.03) * size,
                r.Uniform(0.42, 0.48) * size, r.Uniform(0.32, 0.4) * size, r.Uniform(-0.2, 0.2), r.Uniform(0.35, 0.5));
            // Lungs (dark), then soft-tissue and fat clutter of varied brightness around the heart.
            foreach (int side in new[] { -1, 1 })
            {
                a._clutter.Add(new Ellipse(a._cx + side * r.Uniform(0.22, 0.3) * size, a._cy + r.Uniform(-0.05, 0.05) * size,
                    r.Uniform(0.1, 0.14) * size, r.Uniform(0.16, 0.22) * size, r.Uniform(-0.4, 0.4), r.Uniform(0.03, 0.1)));
            }
            int clutter = r.NextInt(4, 9);
            for (int c = 0; c < clutter; c++)
            {
                double angle = r.Uniform(0, 2 * Math.PI), distance = r.Uniform(0.2, 0.4) * size;
                a._clutter.Add(new Ellipse(a._body.Cx + distance * Math.Cos(angle), a._body.Cy + distance * Math.Sin(angle) * 0.8,
                    r.Uniform(0.02, 0.08) * size, r.Uniform(0.02, 0.08) * size, r.Uniform(0, Math.PI), r.Uniform(0.15, 0.95)));
            }
            return a;
        }

        /// <param name="position2D">Where a 2D case lies from base (0) to apex (1); null: mid-ventricular (0.35).</param>
        public Slice AtSlice(int k, int sizeZ, double? position2D)
        {
            // Position from base (0) to apex (1).
            double t = sizeZ == 1 ? position2D ?? 0.35 : k / (double)(sizeZ - 1);
            double lvScale = t <= _apexStart ? 1 - 0.25 * t : Math.Max(0, (1 - 0.25 * _apexStart) * (1 - (t - _apexStart) / (1.05 - _apexStart)));
            double rvScale = Math.Clamp(1.1 - t / _apexStart, 0, 1);
            return new Slice(this, lvScale, rvScale);
        }

        public sealed class Slice(Anatomy a, double lvScale, double rvScale)
        {
            public byte Classify(double x, double y)
            {
                var (radius, endo, epi) = Radii(x, y);
                if (radius < endo)
                    return LeftVentricle;
                if (radius < epi)
                    return Myocardium;
                if (InRightVentricle(x, y, radius, epi))
                    return RightVentricle;
                return 0;
            }

            public double Intensity(double x, double y)
            {
                switch (Classify(x, y))
                {
                    case LeftVentricle:
                        return a._lvBlood;
                    case Myocardium:
                        return a._myo;
                    case RightVentricle:
                        return a._rvBlood;
                }
                if (!a._body.Contains(x, y))
                    return 0.0;
                double value = a._body.Value;
                foreach (var e in a._clutter)
                {
                    if (e.Contains(x, y))
                        value = e.Value;
                }
                return value;
            }

            private (double Radius, double Endo, double Epi) Radii(double x, double y)
            {
                double dx = x - a._cx, dy = y - a._cy;
                double cos = Math.Cos(a._rotation), sin = Math.Sin(a._rotation);
                double u = dx * cos + dy * sin, v = (-dx * sin + dy * cos) / a._ellipticity;
                double radius = Math.Sqrt(u * u + v * v);
                double theta = Math.Atan2(v, u);
                double shape = 1 + a._a2 * Math.Cos(2 * theta - a._phi2) + a._a3 * Math.Cos(3 * theta - a._phi3);
                double endo = a._endoRadius * lvScale * shape;
                double epi = lvScale <= 0 ? 0 : endo + a._thickness * Math.Max(0.6, lvScale);
                return (radius, endo, epi);
            }

            private bool InRightVentricle(double x, double y, double radius, double epi)
            {
                if (rvScale <= 0)
                    return false;
                double reach = a._endoRadius + a._thickness;
                double cx = a._cx + a._rvOffset * reach * Math.Cos(a._rvAngle);
                double cy = a._cy + a._rvOffset * reach * Math.Sin(a._rvAngle);
                // The RV ellipse's long axis is tangent to the LV, so minus the LV it is a crescent.
                var rv = new Ellipse(cx, cy, a._rvAlong * reach * rvScale, a._rvAcross * reach * Math.Sqrt(rvScale), a._rvAngle + Math.PI / 2, 0);
                return rv.Contains(x, y) && radius > epi + 1.0;
            }
        }
    }
}
