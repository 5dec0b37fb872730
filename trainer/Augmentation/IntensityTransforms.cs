// Intensity changes of the strong views (SPEC 1.12, 4.5) and the teacher's input noise (SPEC 2.2).
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Augmentation;

/// <summary>Brightness/contrast jitter, blur, noise and cutout on images in place.</summary>
public static class IntensityTransforms
{
    /// <summary>torchvision <c>adjust_brightness</c> on a [0, 1] image: x·b, clamped to [0, 1].</summary>
    public static void Brightness(Span<float> image, double factor)
    {
        for (int n = 0; n < image.Length; n++)
            image[n] = (float)Math.Clamp(image[n] * factor, 0, 1);
    }

    /// <summary>torchvision <c>adjust_contrast</c> on a single channel in [0, 1]: c·x + (1 − c)·mean(x), clamped.</summary>
    public static void Contrast(Span<float> image, double factor)
    {
        double mean = 0;
        foreach (float v in image)
            mean += v;
        mean /= Math.Max(1, image.Length);
        for (int n = 0; n < image.Length; n++)
            image[n] = (float)Math.Clamp(factor * image[n] + (1 - factor) * mean, 0, 1);
    }

    /// <summary>
    /// ColorJitter(brightness, contrast) as it acts on one channel: factors uniform in [1 − s, 1 + s], the two
    /// adjustments in random order (saturation and hue do nothing to a grey image).
    /// </summary>
    public static void ColorJitter(Span<float> image, double brightness, double contrast, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double b = random.Uniform(Math.Max(0, 1 - brightness), 1 + brightness);
        double c = random.Uniform(Math.Max(0, 1 - contrast), 1 + contrast);
        if (random.Chance(0.5))
        {
            Brightness(image, b);
            Contrast(image, c);
        }
        else
        {
            Contrast(image, c);
            Brightness(image, b);
        }
    }

    /// <summary>
    /// SPC's blur: the image rescaled to 8 bits, Gaussian-blurred with sigma = <paramref name="radius"/>, mapped back
    /// to its original range (the 8-bit round trip quantises, as PIL's blur does).
    /// </summary>
    public static void Blur8Bit(Span<float> image, int sizeX, int sizeY, int sizeZ, double radius)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in image)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        float range = max - min;
        if (!(range > 0))
            return;
        for (int n = 0; n < image.Length; n++)
            image[n] = MathF.Round((image[n] - min) / range * 255);
        ArrayFilters.GaussianBlur(image, sizeX, sizeY, sizeZ, radius, radius, sizeZ > 1 ? radius : 0);
        for (int n = 0; n < image.Length; n++)
            image[n] = MathF.Round(Math.Clamp(image[n], 0, 255)) / 255 * range + min;
    }

    /// <summary>Additive N(0, σ²) noise clipped to ±<paramref name="clip"/> (MT/UA-MT teacher input: σ 0.1, clip 0.2).</summary>
    public static void ClippedGaussianNoise(Span<float> image, double sigma, double clip, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int n = 0; n < image.Length; n++)
            image[n] += (float)Math.Clamp(sigma * random.Normal(), -clip, clip);
    }

    /// <summary>Cutout: one random box of <paramref name="fraction"/> of each axis set to <paramref name="fill"/>; the label is kept.</summary>
    public static void Cutout(ImagePatch patch, double fraction, float fill, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(random);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1]");
        int bx = Math.Max(1, (int)(patch.SizeX * fraction)), by = Math.Max(1, (int)(patch.SizeY * fraction));
        int bz = patch.SizeZ == 1 ? 1 : Math.Max(1, (int)(patch.SizeZ * fraction));
        int x0 = random.NextInt(patch.SizeX - bx + 1), y0 = random.NextInt(patch.SizeY - by + 1), z0 = random.NextInt(patch.SizeZ - bz + 1);
        for (int k = z0; k < z0 + bz; k++)
            for (int j = y0; j < y0 + by; j++)
                patch.Image.AsSpan(patch.Index(x0, j, k), bx).Fill(fill);
    }
}
