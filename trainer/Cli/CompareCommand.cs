using System.CommandLine;
using System.Globalization;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Training;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary>
/// <c>train compare DATASET --methods a b c</c>: trains each method under one plan (or reuses its finished run),
/// then prints one table of test metrics and speed and writes it as <c>runs/compare__PLAN__FOLD.md</c>.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Dataset folder with its plan and labeled test cases." };
        var methods = new Option<string[]>("--methods")
        {
            Description = $"Methods to compare (space or comma separated): {string.Join(", ", TrainingMethods.Names)}.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var planName = new Option<string>("--plan") { Description = "Plan name (2d or 3d).", DefaultValueFactory = _ => "2d" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Folder of run folders.", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var fold = new Option<int>("--fold") { Description = "Fold number (part of the run folder names)." };
        var iterations = new Option<int?>("--iterations") { Description = "Override the plan's iteration count (the same budget for every method)." };
        var retrain = new Option<bool>("--retrain") { Description = "Train every method again even when its run already finished." };
        var command = new Command("compare", "Train several methods on one dataset and print one comparison table.")
        {
            dataset, methods, planName, runs, fold, iterations, retrain,
        };
        command.SetAction(parse => Run(parse.GetValue(dataset)!.FullName, parse.GetValue(methods)!, parse.GetValue(planName)!,
            parse.GetValue(runs)!.FullName, parse.GetValue(fold), parse.GetValue(iterations), parse.GetValue(retrain)));
        return command;
    }

    public static int Run(string datasetRoot, IReadOnlyList<string> methodArguments, string planName, string runsRoot, int fold, int? iterations, bool retrain)
    {
        try
        {
            var names = methodArguments.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal).ToList();
            var unknown = names.Where(n => !TrainingMethods.Names.Contains(n)).ToList();
            if (names.Count == 0 || unknown.Count > 0)
                throw new ArgumentException($"--methods: unknown or none ({string.Join(", ", unknown)}); available: {string.Join(", ", TrainingMethods.Names)}.");
            if (!DatasetFolder.IsValidId(planName))
                throw new ArgumentException($"Plan name '{planName}' is not [A-Za-z0-9_-]+.");
            var dataset = DatasetFolder.Load(datasetRoot);
            if (!dataset.Test.Any(c => c.HasLabel))
                throw new ArgumentException($"{datasetRoot} has no labeled test cases (imagesTs + labelsTs): there is nothing to compare on.");

            var rows = new List<RunSummary>();
            var failed = new List<string>();
            // A method's run folder carries its command-line name (TrainingMethods keeps the two equal).
            foreach (var method in names)
            {
                string runPath = Path.Combine(runsRoot, $"{method}__{planName}__{fold}");
                if (!retrain && RunComparison.IsComplete(runPath))
                {
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(method)}: reusing the finished run {Markup.Escape(runPath)} (--retrain trains it again)[/]");
                }
                else
                {
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(method)}[/] ({rows.Count + failed.Count + 1} of {names.Count})");
                    if (FitCommand.Run(datasetRoot, method, planName, runsRoot, fold, iterations) != 0)
                    {
                        failed.Add(method);
                        continue;
                    }
                }
                rows.Add(RunComparison.Read(method, runPath));
            }

            Print(rows, $"{dataset.Description.Name}, plan {planName}, fold {fold}");
            string table = Path.Combine(runsRoot, $"compare__{planName}__{fold}.md");
            Directory.CreateDirectory(runsRoot);
            File.WriteAllText(table, RunComparison.ToMarkdown($"Methods on {dataset.Description.Name} (plan {planName}, fold {fold})", rows));
            Console.WriteLine($"wrote {table}");
            if (failed.Count > 0)
                Console.Error.WriteLine($"train compare: {string.Join(", ", failed)} did not train (see above).");
            return failed.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is DatasetFormatException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"train compare: {e.Message}");
            return 1;
        }
    }

    private static void Print(IReadOnlyList<RunSummary> rows, string title)
    {
        var baseline = rows.FirstOrDefault(r => r.Method == "supervised");
        var table = new Table().Title(Markup.Escape(title));
        foreach (string column in new[] { "method", "Dice %", "Δ vs supervised", "Jaccard %", "HD95 mm", "ASD mm", "iterations", "s/it" })
            table.AddColumn(column);
        static Text Cell(double v, string format = "0.00") => new(v.ToString(format, CultureInfo.InvariantCulture));
        foreach (var r in rows.OrderByDescending(r => r.Dice))
        {
            table.AddRow(new Text(r.Method), Cell(r.Dice * 100),
                baseline is null ? new Text("") : Cell((r.Dice - baseline.Dice) * 100, "+0.00;-0.00;0.00"),
                Cell(r.Jaccard * 100), Cell(r.Hd95Mm), Cell(r.AsdMm), Cell(r.Iterations, "0"), Cell(r.SecondsPerIteration, "0.000"));
        }
        AnsiConsole.Write(table);
    }
}
