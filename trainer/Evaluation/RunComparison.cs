// Reads finished run folders (their test metrics and training log) into one comparison table.
using System.Globalization;
using System.Text;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>One method's mean test metrics (Dice and Jaccard as fractions, distances in mm) and training speed.</summary>
public sealed record RunSummary(string Method, string RunPath, int Iterations, double SecondsPerIteration,
    double Dice, double Jaccard, double Hd95Mm, double AsdMm);

public static class RunComparison
{
    public const string MetricsFile = "metrics_test.csv";

    /// <summary>Whether <paramref name="runPath"/> finished: it has test metrics and a training log.</summary>
    public static bool IsComplete(string runPath) =>
        File.Exists(Path.Combine(runPath, MetricsFile)) && File.Exists(Path.Combine(runPath, "log.csv"));

    /// <summary>Reads a finished run; a missing or malformed file is a <see cref="DatasetFormatException"/> naming it.</summary>
    public static RunSummary Read(string method, string runPath)
    {
        string metrics = Path.Combine(runPath, MetricsFile), log = Path.Combine(runPath, "log.csv");
        if (!IsComplete(runPath))
            throw new DatasetFormatException($"{runPath} has no {MetricsFile} and log.csv: the run did not finish or had no labeled test cases.");
        var mean = File.ReadLines(metrics).Select(l => l.Split(',')).FirstOrDefault(f => f.Length == 8 && f[0] == "average" && f[1] == "mean")
            ?? throw new DatasetFormatException($"{metrics} has no 'average,mean' row.");
        var last = File.ReadLines(log).Skip(1).Where(l => l.Length > 0).LastOrDefault()?.Split(',')
            ?? throw new DatasetFormatException($"{log} has no iteration.");
        if (last.Length < 4 || !int.TryParse(last[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int iterations) || iterations < 1)
            throw new DatasetFormatException($"{log}: the last line does not start with an iteration number.");
        return new RunSummary(method, runPath, iterations, Number(last[3], log) / iterations,
            Number(mean[2], metrics), Number(mean[3], metrics), Number(mean[6], metrics), Number(mean[7], metrics));
    }

    /// <summary>Markdown table, one row per run, with the Dice difference to supervised-only when it is among them.</summary>
    public static string ToMarkdown(string title, IReadOnlyList<RunSummary> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var baseline = rows.FirstOrDefault(r => r.Method == "supervised");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        md.AppendLine("Mean over classes and test cases; Dice and Jaccard in %, HD95 and ASD in mm (medpy semantics).").AppendLine();
        md.AppendLine("| method | Dice | Δ Dice vs supervised | Jaccard | HD95 (mm) | ASD (mm) | iterations | s/it |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string delta = baseline is null ? "" : ((r.Dice - baseline.Dice) * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Method} | {r.Dice * 100:0.00} | {delta} | {r.Jaccard * 100:0.00} | {r.Hd95Mm:0.00} | {r.AsdMm:0.00} | {r.Iterations} | {r.SecondsPerIteration:0.000} |"));
        }
        return md.ToString();
    }

    private static double Number(string text, string file) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new DatasetFormatException($"{file}: '{text}' is not a number.");
}
