// Filters on x-fastest float grids, shared by the phantom generator and the augmentations.
namespace PacsSeg.Trainer.Processing;

/// <summary>Smoothing and noise on plain float grids (no geometry).</summary>
public static class ArrayFilters
{
    /// <summary>
    /// Separable Gaussian blur in place with per-axis sigmas in voxels (0 skips an axis); the kernel is
    /// truncated at 3 sigma and the border is mirrored, so flat images stay flat.
    /// </summary>
    public static void GaussianBlur(Span<float> data, int sizeX, int sizeY, int sizeZ, double sigmaX, double sigmaY, double sigmaZ)
    {
        if ((long)sizeX * sizeY * sizeZ != data.Length)
            throw new ArgumentException($"Buffer holds {data.Length} values, grid {sizeX}x{sizeY}x{sizeZ} needs {(long)sizeX * sizeY * sizeZ}.");
        int longest = Math.Max(sizeX, Math.Max(sizeY, sizeZ));
        var line = new float[longest];
        var output = new float[longest];
        if (sigmaX > 0 && sizeX > 1)
            BlurAxis(data, Kernel(sigmaX), sizeX, 1, sizeY * sizeZ, i => i * sizeX, line, output);
        if (sigmaY > 0 && sizeY > 1)
            BlurAxis(data, Kernel(sigmaY), sizeY, sizeX, sizeX * sizeZ, i => i / sizeX * sizeX * sizeY + i % sizeX, line, output);
        if (sigmaZ > 0 && sizeZ > 1)
            BlurAxis(data, Kernel(sigmaZ), sizeZ, sizeX * sizeY, sizeX * sizeY, i => i, line, output);
    }

    /// <summary>
    /// Rician noise: the magnitude of a complex signal whose real and imaginary parts get independent
    /// Gaussian noise of <paramref name="sigma"/>, as in magnitude MR images.
    /// </summary>
    public static void AddRicianNoise(Span<float> data, double sigma, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int n = 0; n < data.Length; n++)
        {
            double re = data[n] + sigma * random.Normal();
            double im = sigma * random.Normal();
            data[n] = (float)Math.Sqrt(re * re + im * im);
        }
    }

    /// <summary>Additive Gaussian noise.</summary>
    public static void AddGaussianNoise(Span<float> data, double sigma, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int n = 0; n < data.Length; n++)
            data[n] += (float)(sigma * random.Normal());
    }

    private static float[] Kernel(double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++)
        {
            double w = Math.Exp(-0.5 * t * t / (sigma * sigma));
            kernel[t + radius] = (float)w;
            sum += w;
        }
        for (int t = 0; t < kernel.Length; t++)
            kernel[t] = (float)(kernel[t] / sum);
        return kernel;
    }

    private static void BlurAxis(Span<float> data, float[] kernel, int length, int stride, int lines, Func<int, int> lineStart, float[] line, float[] output)
    {
        int radius = kernel.Length / 2;
        for (int l = 0; l < lines; l++)
        {
            int start = lineStart(l);
            for (int t = 0; t < length; t++)
                line[t] = data[start + t * stride];
            for (int t = 0; t < length; t++)
            {
                float acc = 0;
                for (int u = -radius; u <= radius; u++)
                    acc += kernel[u + radius] * line[Mirror(t + u, length)];
                output[t] = acc;
            }
            for (int t = 0; t < length; t++)
                data[start + t * stride] = output[t];
        }
    }

    private static int Mirror(int index, int length)
    {
        if (length == 1)
            return 0;
        int period = 2 * length - 2;
        index %= period;
        if (index < 0)
            index += period;
        return index < length ? index : period - index;
    }
}
