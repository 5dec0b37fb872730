namespace PacsSeg.Segmentation.Inference;

/// <summary>How a <see cref="SegmentationPredictor"/> runs a model on one volume.</summary>
public sealed record PredictionOptions
{
    /// <summary>Fraction of a patch that neighbouring sliding-window patches share, in [0, 1).</summary>
    public double Overlap { get; init; } = 0.5;

    /// <summary>Also predicts every mirrored version of the input (each spatial axis flipped or not) and averages.</summary>
    public bool MirrorTta { get; init; }

    /// <summary>Extra forward passes per mirror with dropout left on (MC dropout); 0 turns it off.</summary>
    public int DropoutSamples { get; init; }

    /// <summary>Seed for the dropout masks, so that a run can be repeated exactly.</summary>
    public ulong Seed { get; init; } = 1;
}
