using System.Globalization;
using System.Text;
using PacsSeg.Segmentation.Metrics;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>Per-case and averaged metrics of one model on a dataset's test split.</summary>
public sealed record EvaluationReport(IReadOnlyList<string> ClassNames, IReadOnlyList<string> CaseIds, IReadOnlyList<CaseMetrics> PerCase, CaseMetrics Average)
{
    /// <summary>One row per case and class plus the averages: case,class,dice,jaccard,hd95_vox,asd_vox,hd95_mm,asd_mm.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("case,class,dice,jaccard,hd95_vox,asd_vox,hd95_mm,asd_mm\n");
        void Row(string id, string name, BinaryMetrics m) => csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{id},{name},{m.Dice:0.######},{m.Jaccard:0.######},{m.Hd95Voxels:0.####},{m.AsdVoxels:0.####},{m.Hd95Mm:0.####},{m.AsdMm:0.####}"));
        for (int c = 0; c < CaseIds.Count; c++)
        {
            for (int k = 0; k < PerCase[c].PerClass.Count; k++)
                Row(CaseIds[c], ClassNames[k + 1], PerCase[c].PerClass[k]);
            Row(CaseIds[c], "mean", PerCase[c].Mean);
        }
        for (int k = 0; k < Average.PerClass.Count; k++)
            Row("average", ClassNames[k + 1], Average.PerClass[k]);
        Row("average", "mean", Average.Mean);
        return csv.ToString();
    }

    /// <summary>The results table of a run: averaged metrics per class and their mean, in voxels and in mm.</summary>
    public string ToMarkdown(string title)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{CaseIds.Count} test cases; Dice and Jaccard in %, HD95 and ASD in voxels and mm (medpy semantics).").AppendLine();
        md.AppendLine("| class | Dice | Jaccard | HD95 (vox) | ASD (vox) | HD95 (mm) | ASD (mm) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        void Row(string name, BinaryMetrics m) => md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {m.Dice * 100:0.00} | {m.Jaccard * 100:0.00} | {m.Hd95Voxels:0.00} | {m.AsdVoxels:0.00} | {m.Hd95Mm:0.00} | {m.AsdMm:0.00} |"));
        for (int k = 0; k < Average.PerClass.Count; k++)
            Row(ClassNames[k + 1], Average.PerClass[k]);
        Row("**mean**", Average.Mean);
        return md.ToString();
    }
}
