namespace PacsSeg.Segmentation.Metrics;

/// <summary>
/// Metrics of one case (or of a dataset, once averaged): one entry per foreground class (label 1 first)
/// and their mean, as SPEC 1.9 aggregates (per class over cases, then over foreground classes).
/// </summary>
public sealed record CaseMetrics
{
    public CaseMetrics(IReadOnlyList<BinaryMetrics> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        if (perClass.Count == 0)
            throw new ArgumentException("At least one foreground class is needed.", nameof(perClass));
        PerClass = perClass.ToArray();
        Mean = BinaryMetrics.Mean(PerClass);
    }

    /// <summary>Index c holds foreground label c + 1.</summary>
    public IReadOnlyList<BinaryMetrics> PerClass { get; }

    /// <summary>Mean over the foreground classes.</summary>
    public BinaryMetrics Mean { get; }

    /// <summary>Metrics of label <paramref name="label"/> (1-based, background excluded).</summary>
    public BinaryMetrics ForLabel(int label)
    {
        if (label < 1 || label > PerClass.Count)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"labels are 1..{PerClass.Count}");
        return PerClass[label - 1];
    }

    /// <summary>Averages each class over cases, then takes the mean over classes.</summary>
    public static CaseMetrics Average(IReadOnlyCollection<CaseMetrics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
            throw new ArgumentException("The average of no cases is undefined.", nameof(cases));
        int classes = cases.First().PerClass.Count;
        if (cases.Any(c => c.PerClass.Count != classes))
            throw new ArgumentException("All cases must have the same number of classes.", nameof(cases));
        var perClass = new BinaryMetrics[classes];
        for (int c = 0; c < classes; c++)
            perClass[c] = BinaryMetrics.Mean(cases.Select(x => x.PerClass[c]).ToArray());
        return new CaseMetrics(perClass);
    }
}
