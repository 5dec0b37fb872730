namespace PacsSeg.Trainer.Training;

/// <summary>The methods this version can train, by the name used on the command line and in run folders.</summary>
public static class TrainingMethods
{
    public static IReadOnlyList<string> Names { get; } = ["supervised", "mean-teacher", "ua-mt", "bcp", "dual-networks", "dual-networks-code", "aua", "pccs", "spc-mt", "spc-bcp", "local-contrastive"];

    public static ITrainingMethod Create(string name) => name switch
    {
        "supervised" => new SupervisedOnly(),
        "mean-teacher" => new MeanTeacher(),
        "ua-mt" => new UncertaintyAwareMeanTeacher(),
        "bcp" => new BidirectionalCopyPaste(),
        "dual-networks" => new DualNetworks(),
        "dual-networks-code" => new DualNetworks(codeFaithful: true),
        "aua" => new AdaptiveUncertaintyAware(),
        "pccs" => new Methods2D.PrototypeContrastiveConsistency(),
        "spc-mt" => new Methods2D.SpcMeanTeacher(),
        "spc-bcp" => new Methods2D.SpcCopyPaste(),
        "local-contrastive" => new Methods2D.LocalContrastiveSelfTraining(),
        _ => throw new ArgumentException($"Unknown method '{name}'; available: {string.Join(", ", Names)}.", nameof(name)),
    };
}
