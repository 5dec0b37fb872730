// Where the patches of a sliding-window pass go: along each axis the fewest steps with at least the
// requested overlap, spread evenly from the first voxel to the last (nnU-Net's placement).
namespace PacsSeg.Imaging.Inference;

public static class SlidingWindowTiler
{
    /// <summary>Patch starts along one axis.</summary>
    public static int[] Steps(int imageSize, int patchSize, double overlap)
    {
        if (imageSize <= 0 || patchSize <= 0)
            throw new ArgumentException($"Sizes must be positive (image {imageSize}, patch {patchSize}).");
        if (!(overlap >= 0 && overlap < 1))
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "overlap must be in [0, 1)");
        if (imageSize <= patchSize)
            return [0];
        double targetStep = Math.Max(1, patchSize * (1 - overlap));
        int count = (int)Math.Ceiling((imageSize - patchSize) / targetStep) + 1;
        double actualStep = (imageSize - patchSize) / (double)(count - 1);
        var steps = new int[count];
        for (int n = 0; n < count; n++)
            steps[n] = (int)Math.Round(actualStep * n, MidpointRounding.ToEven);
        return steps;
    }

    /// <summary>All patches covering an image of the given size, x fastest.</summary>
    public static IReadOnlyList<PatchBox> Tile(int sizeX, int sizeY, int sizeZ, int patchX, int patchY, int patchZ, double overlap = 0.5)
    {
        var xs = Steps(sizeX, patchX, overlap);
        var ys = Steps(sizeY, patchY, overlap);
        var zs = Steps(sizeZ, patchZ, overlap);
        var boxes = new List<PatchBox>(xs.Length * ys.Length * zs.Length);
        foreach (int z in zs)
            foreach (int y in ys)
                foreach (int x in xs)
                    boxes.Add(new PatchBox(x, y, z, patchX, patchY, patchZ));
        return boxes;
    }
}
