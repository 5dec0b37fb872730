namespace PacsSeg.Trainer.Training;

/// <summary>
/// The methods this version can train, by the name used on the command line and in run folders. Where the paper and
/// its released code disagree (SPEC 9), the plain name follows the paper's intent and "-code" the released code.
/// </summary>
public static class TrainingMethods
{
    public static IReadOnlyList<string> Names { get; } = ["supervised", "mean-teacher", "ua-mt", "bcp", "dual-networks", "dual-networks-code", "aua", "pccs", "pccs-code", "spc-mt", "spc-bcp", "spc-bcp-code", "local-contrastive"];

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
        "pccs-code" => new Methods2D.PrototypeContrastiveConsistency(teacherEma: false, codeFaithfulDice: true),
        "spc-mt" => new Methods2D.SpcMeanTeacher(),
        "spc-bcp" => new Methods2D.SpcCopyPaste(),
        "spc-bcp-code" => new Methods2D.SpcCopyPaste(codeFaithfulWeakLabels: true),
        "local-contrastive" => new Methods2D.LocalContrastiveSelfTraining(),
        _ => throw new ArgumentException($"Unknown method '{name}'; available: {string.Join(", ", Names)}.", nameof(name)),
    };
}
