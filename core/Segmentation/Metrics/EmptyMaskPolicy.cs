namespace PacsSeg.Segmentation.Metrics;

/// <summary>
/// What a metric is when the prediction or the reference of a class is empty. medpy raises in that case;
/// each reference repository guards it differently (SPEC 1.9), so the choice is explicit.
/// </summary>
public enum EmptyMaskPolicy
{
    /// <summary>
    /// SPC's test: both empty scores perfect (Dice 1, Jaccard 1, HD95 0, ASD 0); exactly one empty scores
    /// all four 0.
    /// </summary>
    BothEmptyScoresPerfect,

    /// <summary>
    /// SSL4MIS/PCCS validation and the UA-MT/AUA/DualNet tests: an empty prediction scores all four 0,
    /// whatever the reference. An empty reference with a non-empty prediction (where those repositories
    /// crash inside medpy) also scores all four 0.
    /// </summary>
    PredictionEmptyScoresZero,

    /// <summary>medpy itself: an empty prediction or reference raises <see cref="EmptyMaskException"/>.</summary>
    Throw,
}
