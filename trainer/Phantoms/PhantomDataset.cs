// A phantom dataset folder: the benchmark data on machines without real data sets.
using PacsSeg.Trainer.Data;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>Writes a dataset folder of phantom cases with a fixed labeled / unlabeled / test split.</summary>
public static class PhantomDataset
{
    /// <summary>
    /// Generates <see cref="PhantomDatasetOptions.Total"/> cases into <paramref name="root"/> (a new or empty
    /// folder). Case n (0-based over labeled, then unlabeled, then test) uses seed
    /// <c>CaseSeed(options.Seed, n)</c>, so the whole folder is a function of the options.
    /// </summary>
    public static DatasetDescription Write(string root, PhantomDatasetOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var writer = new DatasetWriter(root, Describe(options));
        for (int n = 0; n < options.Total; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var role = n < options.Labeled ? CaseRole.Labeled : n < options.Labeled + options.Unlabeled ? CaseRole.Unlabeled : CaseRole.Test;
            var phantom = Generate(options, CaseSeed(options.Seed, n), $"case_{n:D4}");
            var label = role == CaseRole.Unlabeled && !options.KeepUnlabeledLabels ? null : phantom.Label;
            writer.Add(phantom.Name, role, phantom.Image, label);
            progress?.Report(n + 1);
        }
        return writer.Complete();
    }

    public static int CaseSeed(int seed, int index) => unchecked(seed * 1_000_003 + index * 7919 + 17);

    public static PhantomCase Generate(PhantomDatasetOptions options, int seed, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            PhantomKind.Cardiac2D => CardiacPhantom.Generate(seed, CardiacPhantomOptions.TwoD(Or(options.Size, 128)) with { Variation = options.Variation }, name),
            PhantomKind.Cardiac3D => CardiacPhantom.Generate(seed, CardiacPhantomOptions.ThreeD(Or(options.Size, 96), Or(options.Slices, 10)) with { Variation = options.Variation }, name),
            PhantomKind.Abdominal3D => AbdominalPhantom.Generate(
                seed, new AbdominalPhantomOptions { SizeX = Or(options.Size, 96), SizeY = Or(options.Size, 96), SizeZ = Or(options.Slices, 48) }, name),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown phantom kind"),
        };
    }

    private static DatasetDescription Describe(PhantomDatasetOptions options)
    {
        bool cardiac = options.Kind != PhantomKind.Abdominal3D;
        var names = cardiac ? CardiacPhantom.ClassNames : AbdominalPhantom.ClassNames;
        return new DatasetDescription
        {
            Name = $"phantom-{options.Kind.ToString().ToLowerInvariant()}",
            Description = $"PacsSeg phantom, seed {options.Seed}{(options.Variation == PhantomVariation.Standard ? "" : $", {options.Variation.ToString().ToLowerInvariant()} variation")}: {options.Labeled} labeled, {options.Unlabeled} unlabeled, {options.Test} test.",
            ChannelNames = new Dictionary<string, string> { ["0"] = cardiac ? "MRI" : "CT" },
            Labels = names.Select((name, id) => (name, id)).ToDictionary(t => t.name, t => t.id),
        };
    }

    private static int Or(int value, int fallback) => value > 0 ? value : fallback;
}
