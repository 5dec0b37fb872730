// Dataset folder + plan -> the normalised patches the loop samples from (2D plans: one patch per slice).
using PacsSeg.Imaging;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Training;

/// <summary>The labeled and unlabeled training patches of a dataset under a plan.</summary>
public sealed record TrainingData(IReadOnlyList<ImagePatch> Labeled, IReadOnlyList<ImagePatch> Unlabeled)
{
    /// <summary>
    /// Reads the training cases, checks they are at the plan's spacing (resampling is not part of this
    /// version), normalises each image and, for 2D plans, splits volumes into slices.
    /// </summary>
    public static TrainingData Load(DatasetFolder dataset, TrainingPlan plan, bool includeUnlabeled,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plan);
        var labeled = new List<ImagePatch>();
        var unlabeled = new List<ImagePatch>();
        int done = 0;
        foreach (var item in dataset.Cases.Where(c => c.Role == CaseRole.Labeled || (includeUnlabeled && c.Role == CaseRole.Unlabeled)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = dataset.ReadImage(item);
            CheckSpacing(item, image, plan);
            var label = item.Role == CaseRole.Labeled ? dataset.ReadLabel(item) : null;
            var target = item.Role == CaseRole.Labeled ? labeled : unlabeled;
            target.AddRange(Patches(image, label, plan));
            progress?.Report(++done);
        }
        return new TrainingData(labeled, unlabeled);
    }

    /// <summary>Normalised patches of one case: one per slice for a 2D plan, the whole volume for a 3D plan.</summary>
    public static IEnumerable<ImagePatch> Patches(Volume<float> image, Volume<byte>? label, TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Dimensionality == 3)
        {
            var data = (float[])image.Voxels.Clone();
            plan.Normalization.Apply(data);
            yield return new ImagePatch(data, (byte[]?)label?.Voxels.Clone(), image.SizeX, image.SizeY, image.SizeZ);
            yield break;
        }
        // Slice-wise plans normalise per volume (SSL4MIS ACDC), then cut.
        var volume = (float[])image.Voxels.Clone();
        plan.Normalization.Apply(volume);
        int plane = image.SizeX * image.SizeY;
        for (int k = 0; k < image.SizeZ; k++)
        {
            yield return new ImagePatch(volume.AsSpan(k * plane, plane).ToArray(), label?.Voxels.AsSpan(k * plane, plane).ToArray(),
                image.SizeX, image.SizeY, 1);
        }
    }

    private static void CheckSpacing(DatasetCase item, Volume<float> image, TrainingPlan plan)
    {
        int axes = plan.Dimensionality == 2 ? 2 : 3;
        for (int a = 0; a < axes; a++)
        {
            double have = image.Geometry.Spacing[a], want = plan.TargetSpacing[a];
            if (Math.Abs(have - want) > 0.01 * want)
            {
                throw new DatasetFormatException(
                    $"Case {item.Id} has spacing {have:0.###} mm on axis {a}, the plan wants {want:0.###} mm; resampling is not available in this version.");
            }
        }
    }
}
