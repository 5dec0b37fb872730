// Sliding-window inference with any predictor: tiles the image, feeds each (padded) patch to the
// predictor and merges the outputs with Gaussian importance weights that are built once per instance.

namespace PacsSeg.Imaging.Inference;

public sealed class SlidingWindowInference
{
    public SlidingWindowInference(int patchX, int patchY, int patchZ, int classes, double overlap = 0.5, double sigmaScale = 0.125)
    {
        if (classes <= 0)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "must be positive");
        if (!(overlap >= 0 && overlap < 1))
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "overlap must be in [0, 1)");
        Importance = new GaussianImportanceMap(patchX, patchY, patchZ, sigmaScale);
        Classes = classes;
        Overlap = overlap;
    }

    public GaussianImportanceMap Importance { get; }
    public int Classes { get; }
    public double Overlap { get; }

    /// <summary>Runs the predictor over every patch; returns one probability volume per class on the image's geometry.</summary>
    public Volume<float>[] Run(IReadOnlyList<Volume<float>> channels, PatchPredictor predictor, float padValue = 0, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(predictor);
        if (channels.Count == 0)
            throw new ArgumentException("At least one input channel is needed.", nameof(channels));
        var geometry = channels[0].Geometry;
        if (channels.Any(c => !c.Geometry.SameGridAs(geometry)))
            throw new ArgumentException("All input channels must share one grid.", nameof(channels));
        var boxes = SlidingWindowTiler.Tile(geometry.SizeX, geometry.SizeY, geometry.SizeZ, Importance.SizeX, Importance.SizeY, Importance.SizeZ, Overlap);
        var merger = new SlidingWindowMerger(Classes, geometry.SizeX, geometry.SizeY, geometry.SizeZ, Importance);
        int patchVoxels = Importance.SizeX * Importance.SizeY * Importance.SizeZ;
        var input = new float[channels.Count * patchVoxels];
        var output = new float[Classes * patchVoxels];
        for (int b = 0; b < boxes.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int c = 0; c < channels.Count; c++)
                ExtractPatch(channels[c], boxes[b], input.AsSpan(c * patchVoxels, patchVoxels), padValue);
            Array.Clear(output);
            predictor(input, output);
            merger.Add(boxes[b], output);
            progress?.Report((b + 1, boxes.Count));
        }
        return merger.Finish().Select(p => new Volume<float>(geometry, p)).ToArray();
    }

    /// <summary>Copies a patch out of a volume, x fastest; voxels outside the volume get <paramref name="padValue"/>.</summary>
    public static void ExtractPatch(Volume<float> volume, PatchBox box, Span<float> destination, float padValue = 0)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (destination.Length != box.VoxelCount)
            throw new ArgumentException($"Destination holds {destination.Length} values, the patch {box.VoxelCount}.", nameof(destination));
        for (int k = 0; k < box.SizeZ; k++)
        {
            int z = box.Z + k;
            for (int j = 0; j < box.SizeY; j++)
            {
                int y = box.Y + j;
                var row = destination.Slice((k * box.SizeY + j) * box.SizeX, box.SizeX);
                if ((uint)z >= (uint)volume.SizeZ || (uint)y >= (uint)volume.SizeY)
                {
                    row.Fill(padValue);
                    continue;
                }
                int i0 = Math.Clamp(-box.X, 0, box.SizeX), i1 = Math.Clamp(volume.SizeX - box.X, i0, box.SizeX);
                row[..i0].Fill(padValue);
                row[i1..].Fill(padValue);
                volume.Voxels.AsSpan((z * volume.SizeY + y) * volume.SizeX + box.X + i0, i1 - i0).CopyTo(row[i0..i1]);
            }
        }
    }
}
