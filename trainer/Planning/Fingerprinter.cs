// Stage 1 of the trainer: dataset folder -> fingerprint.json.
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Trainer.Data;

namespace PacsSeg.Trainer.Planning;

/// <summary>Computes a <see cref="DatasetFingerprint"/> from a dataset folder.</summary>
public static class Fingerprinter
{
    /// <summary>At most this many foreground voxels per case enter the intensity statistics (every n-th voxel).</summary>
    public const int SamplesPerCase = 10_000;

    /// <summary>Reads every labeled case (image and label) and the headers of the unlabeled ones.</summary>
    public static DatasetFingerprint Compute(DatasetFolder dataset, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var names = dataset.Description.ClassNamesById();
        var cases = new List<CaseFingerprint>();
        var sample = new List<float>();
        var classCounts = new long[names.Count];
        int done = 0;
        foreach (var item in dataset.Cases.Where(c => c.Role != CaseRole.Test))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = NiftiReader.ReadHeader(Path.Combine(dataset.Root, item.ImagePath));
            if (item.Role == CaseRole.Labeled)
            {
                var image = dataset.ReadImage(item);
                var label = dataset.ReadLabel(item);
                cases.Add(new CaseFingerprint(item.Id, item.Role, [image.SizeX, image.SizeY, image.SizeZ],
                    [image.Geometry.Spacing.X, image.Geometry.Spacing.Y, image.Geometry.Spacing.Z]));
                long foreground = label.Voxels.LongCount(v => v != 0);
                long stride = Math.Max(1, foreground / SamplesPerCase);
                long seen = 0;
                for (int n = 0; n < label.Voxels.Length; n++)
                {
                    classCounts[label.Voxels[n]]++;
                    if (label.Voxels[n] != 0 && seen++ % stride == 0)
                        sample.Add(image.Voxels[n]);
                }
            }
            else
            {
                cases.Add(new CaseFingerprint(item.Id, item.Role, [header.SizeX, header.SizeY, header.SizeZ],
                    [Spacing(header.PixDim[1]), Spacing(header.PixDim[2]), Spacing(header.PixDim[3])]));
            }
            progress?.Report(++done);
        }

        long total = classCounts.Sum();
        return new DatasetFingerprint
        {
            DatasetName = dataset.Description.Name,
            Modality = dataset.Description.Modality,
            ClassNames = names,
            Cases = cases,
            MedianSize = Enumerable.Range(0, 3).Select(a => Percentile(cases.Select(c => (double)c.Size[a]), 50)).ToArray(),
            MedianSpacing = Enumerable.Range(0, 3).Select(a => Percentile(cases.Select(c => c.Spacing[a]), 50)).ToArray(),
            Spacing10thPercentile = Enumerable.Range(0, 3).Select(a => Percentile(cases.Select(c => c.Spacing[a]), 10)).ToArray(),
            ForegroundIntensity = IntensityStatistics.Of(sample),
            ClassFractions = classCounts.Select(c => total == 0 ? 0 : c / (double)total).ToArray(),
            LabeledCount = dataset.Labeled.Count(),
            UnlabeledCount = dataset.Unlabeled.Count(),
            TestCount = dataset.Test.Count(),
        };
    }

    // pixdim may be 0 or negative in files from other tools; geometry treats that as 1 mm.
    private static double Spacing(double pixdim) => pixdim == 0 || !double.IsFinite(pixdim) ? 1 : Math.Abs(pixdim);

    internal static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
            return 0;
        double rank = percent / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
