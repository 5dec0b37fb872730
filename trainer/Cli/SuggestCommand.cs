using System.CommandLine;
using System.Globalization;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary>
/// <c>train suggest DATASET --run RUN</c> (or <c>--model PACKAGE</c>): segments every unlabeled case with the current
/// model and ranks the cases by its uncertainty, so the admin labels the most informative ones next.
/// </summary>
public static class SuggestCommand
{
    public static Command Create()
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Dataset folder; its unlabeled cases are ranked." };
        var run = new Option<DirectoryInfo?>("--run") { Description = "Run folder whose model package is used (written by 'train fit')." };
        var model = new Option<FileInfo?>("--model") { Description = "A model package (.pacsseg) instead of a run folder." };
        var top = new Option<int>("--top") { Description = "How many cases to list.", DefaultValueFactory = _ => 10 };
        var noTta = new Option<bool>("--no-tta") { Description = "Without mirror test-time augmentation (faster; the uncertainty then comes from MC dropout only)." };
        var dropout = new Option<int>("--dropout-samples") { Description = "MC-dropout passes per mirror (0: none)." };
        var output = new Option<FileInfo?>("--out") { Description = "CSV of the full ranking (default: suggestions.csv in the dataset folder)." };
        var command = new Command("suggest", "Rank the unlabeled cases by the model's uncertainty: which to label next.")
        {
            dataset, run, model, top, noTta, dropout, output,
        };
        command.SetAction(parse => Run(parse.GetValue(dataset)!.FullName, parse.GetValue(run)?.FullName, parse.GetValue(model)?.FullName,
            parse.GetValue(top), !parse.GetValue(noTta), parse.GetValue(dropout), parse.GetValue(output)?.FullName));
        return command;
    }

    public static int Run(string datasetRoot, string? runPath, string? modelPath, int top, bool mirrorTta, int dropoutSamples, string? outputPath)
    {
        try
        {
            if (top < 1)
                throw new ArgumentException($"--top must be at least 1, got {top}.");
            if (dropoutSamples < 0)
                throw new ArgumentException($"--dropout-samples must not be negative, got {dropoutSamples}.");
            if (!mirrorTta && dropoutSamples == 0)
                throw new ArgumentException("With --no-tta and no --dropout-samples there is a single prediction per case and no uncertainty to rank by.");
            string package = FindPackage(runPath, modelPath);
            var dataset = DatasetFolder.Load(datasetRoot);
            var cases = dataset.Unlabeled.ToList();
            if (cases.Count == 0)
                throw new ArgumentException($"{datasetRoot} has no unlabeled cases (images in imagesTr without a label): nothing to suggest.");

            using var predictor = SegmentationPredictor.Load(package);
            var options = new PredictionOptions { MirrorTta = mirrorTta, DropoutSamples = dropoutSamples };
            IReadOnlyList<CaseUncertainty> ranking = [];
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("predict unlabeled cases", maxValue: cases.Count);
                    ranking = UncertaintyRanking.Rank(dataset, cases, predictor, options, new Progress<int>(d => task.Value = d));
                    task.Value = cases.Count;
                });

            string csv = outputPath ?? Path.Combine(datasetRoot, "suggestions.csv");
            File.WriteAllText(csv, UncertaintyRanking.ToCsv(ranking));
            var table = new Table().Title(Markup.Escape($"label these first ({Math.Min(top, ranking.Count)} of {ranking.Count} unlabeled cases)"));
            foreach (string column in new[] { "rank", "case", "mean uncertainty", "uncertainty in found structures", "found (ml)" })
                table.AddColumn(column);
            foreach (var (c, i) in ranking.Take(top).Select((c, i) => (c, i)))
            {
                table.AddRow(new Text((i + 1).ToString(CultureInfo.InvariantCulture)), new Text(c.CaseId),
                    new Text(c.MeanUncertainty.ToString("0.0000", CultureInfo.InvariantCulture)),
                    new Text(c.ForegroundUncertainty.ToString("0.0000", CultureInfo.InvariantCulture)),
                    new Text(c.ForegroundMl.ToString("0.0", CultureInfo.InvariantCulture)));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote the full ranking to {csv}");
            return 0;
        }
        catch (Exception e) when (e is DatasetFormatException or ArgumentException or IOException or ModelPackageException
            or PacsSeg.Torch.TorchException or PacsSeg.Imaging.IO.Nifti.NiftiFormatException)
        {
            Console.Error.WriteLine($"train suggest: {e.Message}");
            return 1;
        }
    }

    private static string FindPackage(string? runPath, string? modelPath)
    {
        if ((runPath is null) == (modelPath is null))
            throw new ArgumentException("Give exactly one of --run (a run folder) and --model (a .pacsseg package).");
        if (modelPath is not null)
            return File.Exists(modelPath) ? modelPath : throw new ArgumentException($"--model: {modelPath} does not exist.");
        if (!Directory.Exists(runPath))
            throw new ArgumentException($"--run: {runPath} does not exist.");
        var packages = Directory.GetFiles(runPath!, "*" + ModelPackage.Extension);
        return packages.Length switch
        {
            1 => packages[0],
            0 => throw new ArgumentException($"--run: {runPath} has no model package; 'train fit' writes one when the run finishes."),
            _ => throw new ArgumentException($"--run: {runPath} has {packages.Length} model packages; name one with --model."),
        };
    }
}
