// Connected components of a label map (voxels with the same non-zero value that touch), and the
// "keep the largest component of each label" clean-up applied to segmentation output.
namespace PacsSeg.Imaging.Processing;

public static class ConnectedComponents
{
    /// <summary>Labels each group of touching voxels that share one non-default value.</summary>
    public static ComponentLabels<T> Label<T>(Volume<T> labels, Connectivity connectivity = Connectivity.Faces6, CancellationToken cancellationToken = default)
        where T : unmanaged, IEquatable<T>
    {
        ArgumentNullException.ThrowIfNull(labels);
        var offsets = Neighbours(connectivity);
        int nx = labels.SizeX, ny = labels.SizeY, nz = labels.SizeZ;
        var v = labels.Voxels;
        var ids = new int[v.Length];
        var queue = new int[v.Length];
        var sizes = new List<long>();
        var values = new List<T>();
        for (int seed = 0; seed < v.Length; seed++)
        {
            if (ids[seed] != 0 || v[seed].Equals(default))
                continue;
            if ((sizes.Count & 255) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            int id = sizes.Count + 1;
            T value = v[seed];
            int head = 0, tail = 0;
            queue[tail++] = seed;
            ids[seed] = id;
            while (head < tail)
            {
                int n = queue[head++];
                int i = n % nx, rest = n / nx, j = rest % ny, k = rest / ny;
                foreach (var (di, dj, dk) in offsets)
                {
                    int ii = i + di, jj = j + dj, kk = k + dk;
                    if ((uint)ii >= (uint)nx || (uint)jj >= (uint)ny || (uint)kk >= (uint)nz)
                        continue;
                    int m = (kk * ny + jj) * nx + ii;
                    if (ids[m] == 0 && v[m].Equals(value))
                    {
                        ids[m] = id;
                        queue[tail++] = m;
                    }
                }
            }
            sizes.Add(tail);
            values.Add(value);
        }
        return new ComponentLabels<T>(new Volume<int>(labels.Geometry, ids), sizes.ToArray(), values.ToArray());
    }

    /// <summary>
    /// For each label value keeps only its largest component (ties: the first found in memory order);
    /// the voxels of the other components become background.
    /// </summary>
    public static Volume<T> KeepLargestPerLabel<T>(Volume<T> labels, Connectivity connectivity = Connectivity.Faces6, CancellationToken cancellationToken = default)
        where T : unmanaged, IEquatable<T>
    {
        var components = Label(labels, connectivity, cancellationToken);
        var largest = new Dictionary<T, int>();
        for (int c = 0; c < components.Count; c++)
        {
            var value = components.Values[c];
            if (!largest.TryGetValue(value, out int best) || components.Sizes[c] > components.Sizes[best - 1])
                largest[value] = c + 1;
        }
        var keep = new bool[components.Count + 1];
        foreach (int id in largest.Values)
            keep[id] = true;
        var result = new T[labels.Voxels.Length];
        var ids = components.Ids.Voxels;
        for (int n = 0; n < result.Length; n++)
            result[n] = keep[ids[n]] && ids[n] != 0 ? labels.Voxels[n] : default;
        return new Volume<T>(labels.Geometry, result);
    }

    private static (int, int, int)[] Neighbours(Connectivity connectivity)
    {
        int maxManhattan = connectivity switch
        {
            Connectivity.Faces6 => 1,
            Connectivity.Edges18 => 2,
            Connectivity.Corners26 => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "use 6, 18 or 26"),
        };
        var list = new List<(int, int, int)>();
        for (int dk = -1; dk <= 1; dk++)
            for (int dj = -1; dj <= 1; dj++)
                for (int di = -1; di <= 1; di++)
                {
                    int manhattan = Math.Abs(di) + Math.Abs(dj) + Math.Abs(dk);
                    if (manhattan > 0 && manhattan <= maxManhattan)
                        list.Add((di, dj, dk));
                }
        return list.ToArray();
    }
}
