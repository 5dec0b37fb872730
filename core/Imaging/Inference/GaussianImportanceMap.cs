// Weights that favour a patch's centre over its border when overlapping predictions are averaged:
// a separable Gaussian with sigma = patch size * SigmaScale, peak 1, no zero weights.
namespace PacsSeg.Imaging.Inference;

public sealed class GaussianImportanceMap
{
    public GaussianImportanceMap(int sizeX, int sizeY, int sizeZ, double sigmaScale = 0.125)
    {
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0)
            throw new ArgumentException($"Patch size must be positive, got {sizeX}x{sizeY}x{sizeZ}.");
        if (!(sigmaScale > 0) || !double.IsFinite(sigmaScale))
            throw new ArgumentOutOfRangeException(nameof(sigmaScale), sigmaScale, "must be positive");
        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
        var wx = Axis(sizeX, sigmaScale);
        var wy = Axis(sizeY, sigmaScale);
        var wz = Axis(sizeZ, sigmaScale);
        var weights = new float[sizeX * sizeY * sizeZ];
        float smallestPositive = float.MaxValue;
        for (int k = 0, n = 0; k < sizeZ; k++)
            for (int j = 0; j < sizeY; j++)
                for (int i = 0; i < sizeX; i++, n++)
                {
                    weights[n] = (float)(wx[i] * wy[j] * wz[k]);
                    if (weights[n] > 0 && weights[n] < smallestPositive)
                        smallestPositive = weights[n];
                }
        // Far corners of large patches underflow to 0; a zero weight would leave voxels without a prediction.
        for (int n = 0; n < weights.Length; n++)
        {
            if (weights[n] == 0)
                weights[n] = smallestPositive;
        }
        _weights = weights;
    }

    private readonly float[] _weights;

    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }

    /// <summary>Weight per patch voxel, x fastest; 1 at the centre.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    private static double[] Axis(int size, double sigmaScale)
    {
        // Peak at the centre voxel (integer index size / 2, as a centred delta filtered by a Gaussian has it).
        double sigma = size * sigmaScale;
        int centre = size / 2;
        var w = new double[size];
        for (int i = 0; i < size; i++)
            w[i] = Math.Exp(-((i - centre) * (double)(i - centre)) / (2 * sigma * sigma));
        return w;
    }
}
