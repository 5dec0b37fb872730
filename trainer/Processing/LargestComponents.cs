// BCP's pseudo-label clean-up: per image and class, keep only the largest connected component
// (skimage.measure.label's default full connectivity: 8 neighbours in 2D, 26 in 3D).
namespace PacsSeg.Trainer.Processing;

/// <summary>Largest-connected-component filtering of label maps.</summary>
public static class LargestComponents
{
    /// <summary>
    /// For each class 1..classes−1 keeps only its largest component; other voxels of that class become
    /// background (0). Ties keep the component found first in x-fastest order.
    /// </summary>
    public static void KeepLargestPerClass(Span<long> labels, int sizeX, int sizeY, int sizeZ, int classes)
    {
        if ((long)sizeX * sizeY * sizeZ != labels.Length)
            throw new ArgumentException($"{labels.Length} labels do not fill {sizeX}x{sizeY}x{sizeZ}.", nameof(labels));
        var component = new int[labels.Length];
        var stack = new Stack<int>();
        for (int c = 1; c < classes; c++)
        {
            Array.Clear(component);
            int next = 0, best = 0, bestSize = 0;
            for (int start = 0; start < labels.Length; start++)
            {
                if (labels[start] != c || component[start] != 0)
                    continue;
                int id = ++next, size = 0;
                component[start] = id;
                stack.Push(start);
                while (stack.Count > 0)
                {
                    int n = stack.Pop();
                    size++;
                    int x = n % sizeX, y = n / sizeX % sizeY, z = n / (sizeX * sizeY);
                    for (int dz = -1; dz <= 1; dz++)
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int xx = x + dx, yy = y + dy, zz = z + dz;
                                if (xx < 0 || yy < 0 || zz < 0 || xx >= sizeX || yy >= sizeY || zz >= sizeZ)
                                    continue;
                                int m = (zz * sizeY + yy) * sizeX + xx;
                                if (labels[m] == c && component[m] == 0)
                                {
                                    component[m] = id;
                                    stack.Push(m);
                                }
                            }
                }
                if (size > bestSize)
                {
                    best = id;
                    bestSize = size;
                }
            }
            for (int n = 0; n < labels.Length; n++)
            {
                if (labels[n] == c && component[n] != best)
                    labels[n] = 0;
            }
        }
    }
}
