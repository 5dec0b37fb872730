using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Tests.Training;

/// <summary>Tiny 2D cardiac phantoms and a 2D plan for few-iteration training tests.</summary>
internal static class CardiacPatches
{
    public static IntensityNormalization MinMax { get; } = new(NormalizationScheme.MinMaxPerImage);

    /// <summary>A 2D plan on 32x32 patches; tests change what they vary with <c>with</c>.</summary>
    public static TrainingPlan Plan(int iterations, int batch = 4, int seed = 7) => new()
    {
        Name = "2d",
        DatasetName = "tiny",
        Dimensionality = 2,
        PatchSize = [32, 32, 1],
        TargetSpacing = [1.5, 1.5, 8],
        Normalization = MinMax,
        ClassNames = CardiacPhantom.ClassNames,
        Architecture = "tiny",
        Widths = [8],
        LabeledBatchSize = batch,
        UnlabeledBatchSize = batch,
        Iterations = iterations,
        LearningRate = 0.05,
        ConsistencyRampLength = 0,
        Seed = seed,
    };

    /// <summary>
    /// Phantoms <paramref name="first"/>.. of <paramref name="size"/>², min-max normalized; with <paramref name="crop"/>
    /// the centred crop of that size (a 32x32 crop of a 48x48 image keeps all three classes).
    /// </summary>
    public static List<ImagePatch> Make(int first, int count, bool labeled, int size = 48, int? crop = 32)
    {
        var result = new List<ImagePatch>();
        for (int s = first; s < first + count; s++)
        {
            var c = CardiacPhantom.Generate(s, CardiacPhantomOptions.TwoD(size));
            var image = (float[])c.Image.Voxels.Clone();
            MinMax.Apply(image);
            var patch = new ImagePatch(image, c.Label.Voxels, size, size, 1);
            if (crop is int edge)
            {
                int offset = (size - edge) / 2;
                patch = SpatialTransforms.Crop(patch, offset, offset, 0, edge, edge, 1);
            }
            result.Add(labeled ? patch : new ImagePatch(patch.Image, null, patch.SizeX, patch.SizeY, 1));
        }
        return result;
    }
}
