// Accumulates overlapping patch predictions into whole-image class probabilities: each patch adds
// probability * importance weight, and Finish divides by the summed weights.
namespace PacsSeg.Imaging.Inference;

public sealed class SlidingWindowMerger
{
    private readonly float[][] _sums;
    private readonly float[] _weightSums;
    private readonly GaussianImportanceMap _importance;

    public SlidingWindowMerger(int classes, int sizeX, int sizeY, int sizeZ, GaussianImportanceMap importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        if (classes <= 0)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "must be positive");
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0 || (long)sizeX * sizeY * sizeZ > Array.MaxLength)
            throw new ArgumentException($"Image size {sizeX}x{sizeY}x{sizeZ} is not usable.");
        Classes = classes;
        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
        _importance = importance;
        int count = sizeX * sizeY * sizeZ;
        _sums = new float[classes][];
        for (int c = 0; c < classes; c++)
            _sums[c] = new float[count];
        _weightSums = new float[count];
    }

    public int Classes { get; }
    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }

    /// <summary>
    /// Adds one patch's probabilities, laid out [class][z][y][x] over the whole patch; voxels of the patch
    /// outside the image (padding) are ignored.
    /// </summary>
    public void Add(PatchBox box, ReadOnlySpan<float> probabilities)
    {
        if (box.SizeX != _importance.SizeX || box.SizeY != _importance.SizeY || box.SizeZ != _importance.SizeZ)
            throw new ArgumentException($"Patch {box.SizeX}x{box.SizeY}x{box.SizeZ} does not match the importance map {_importance.SizeX}x{_importance.SizeY}x{_importance.SizeZ}.", nameof(box));
        int patchVoxels = box.VoxelCount;
        if (probabilities.Length != Classes * patchVoxels)
            throw new ArgumentException($"Expected {Classes} x {patchVoxels} probabilities, got {probabilities.Length}.", nameof(probabilities));
        foreach (float p in probabilities)
        {
            // One NaN would spread through every overlapping voxel and silently blank the result.
            if (!float.IsFinite(p))
                throw new ArgumentException($"The predictor returned a non-finite value ({p}) for patch at ({box.X}, {box.Y}, {box.Z}).", nameof(probabilities));
        }
        var w = _importance.Weights;
        for (int k = 0; k < box.SizeZ; k++)
        {
            int z = box.Z + k;
            if ((uint)z >= (uint)SizeZ)
                continue;
            for (int j = 0; j < box.SizeY; j++)
            {
                int y = box.Y + j;
                if ((uint)y >= (uint)SizeY)
                    continue;
                int i0 = Math.Max(0, -box.X), i1 = Math.Min(box.SizeX, SizeX - box.X);
                int patchRow = (k * box.SizeY + j) * box.SizeX;
                int imageRow = (z * SizeY + y) * SizeX + box.X;
                for (int i = i0; i < i1; i++)
                    _weightSums[imageRow + i] += w[patchRow + i];
                for (int c = 0; c < Classes; c++)
                {
                    var sum = _sums[c];
                    var prob = probabilities.Slice(c * patchVoxels, patchVoxels);
                    for (int i = i0; i < i1; i++)
                        sum[imageRow + i] += prob[patchRow + i] * w[patchRow + i];
                }
            }
        }
    }

    /// <summary>Weighted mean probability per class, [class][voxel] with x fastest; every voxel must be covered.</summary>
    public float[][] Finish()
    {
        var result = new float[Classes][];
        for (int c = 0; c < Classes; c++)
            result[c] = new float[_weightSums.Length];
        for (int n = 0; n < _weightSums.Length; n++)
        {
            float weight = _weightSums[n];
            if (!(weight > 0) || !float.IsFinite(weight))
                throw new InvalidOperationException($"Voxel {n} has weight {weight}: the patches do not cover the image or the sums overflowed.");
            for (int c = 0; c < Classes; c++)
                result[c][n] = _sums[c][n] / weight;
        }
        return result;
    }
}
