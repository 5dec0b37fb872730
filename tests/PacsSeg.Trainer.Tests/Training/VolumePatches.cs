using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Tests.Training;

/// <summary>Tiny 3D abdominal phantoms (32x32x16) and a 3D plan for few-iteration training tests.</summary>
internal static class VolumePatches
{
    public static IntensityNormalization Ct { get; } = new(NormalizationScheme.CtClipZScore, -200, 300, 40, 80);

    public static TrainingPlan Plan(int iterations, int labeledBatch = 2, int unlabeledBatch = 2) => new()
    {
        Name = "3d",
        DatasetName = "tiny3d",
        Dimensionality = 3,
        PatchSize = [32, 32, 16],
        TargetSpacing = [1.2, 1.2, 2.0],
        Normalization = Ct,
        ClassNames = AbdominalPhantom.ClassNames,
        Architecture = "vnet3d",
        Widths = [4],
        LabeledBatchSize = labeledBatch,
        UnlabeledBatchSize = unlabeledBatch,
        Iterations = iterations,
        LearningRate = 0.05,
        Schedule = LearningRateSchedule.Step,
        ConsistencyRampLength = 0,
        Seed = 11,
    };

    public static List<ImagePatch> Make(int first, int count, bool labeled)
    {
        var result = new List<ImagePatch>();
        for (int s = first; s < first + count; s++)
        {
            var c = AbdominalPhantom.Generate(s, new AbdominalPhantomOptions { SizeX = 32, SizeY = 32, SizeZ = 16, PartialVolumeSamples = 1 });
            var image = (float[])c.Image.Voxels.Clone();
            Ct.Apply(image);
            result.Add(new ImagePatch(image, labeled ? c.Label.Voxels : null, 32, 32, 16));
        }
        return result;
    }
}
