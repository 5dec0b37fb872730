using System.CommandLine;
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Training;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary><c>train evaluate DATASET --run RUN</c>: test-split metrics of a run's last (or given) checkpoint.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Dataset folder whose test split (imagesTs + labelsTs) is evaluated." };
        var run = new Option<DirectoryInfo>("--run") { Description = "Run folder (runs/<method>__<plan>__<fold>).", Required = true };
        var step = new Option<int?>("--step") { Description = "Checkpoint step (default: the last one)." };
        var teacher = new Option<bool>("--teacher") { Description = "Evaluate the teacher's weights instead of the student's." };
        var command = new Command("evaluate", "Evaluate a trained run on the test split (Dice, Jaccard, HD95, ASD).") { dataset, run, step, teacher };
        command.SetAction(parse => Run(parse.GetValue(dataset)!.FullName, parse.GetValue(run)!.FullName, parse.GetValue(step), parse.GetValue(teacher)));
        return command;
    }

    public static int Run(string datasetRoot, string runPath, int? step, bool useTeacher)
    {
        try
        {
            var dataset = DatasetFolder.Load(datasetRoot);
            var config = StageJson.Read<RunConfig>(Path.Combine(runPath, "config.json"));
            var info = FindCheckpoint(Path.Combine(runPath, "checkpoints"), step);
            string weights = useTeacher
                ? info.TeacherWeights ?? throw new ArgumentException($"Run {runPath} has no teacher weights ({info.Method}).")
                : info.StudentWeights;
            if (!DatasetFolder.IsValidId(Path.GetFileNameWithoutExtension(weights)))
                throw new DatasetFormatException($"Checkpoint names weights '{weights}', which is not a plain file name.");
            using var network = RunPackager.CreateNetwork(config.Plan);
            var state = SafeTensors.Load(Path.Combine(runPath, "checkpoints", weights));
            try
            {
                network.LoadStateDict(state);
            }
            finally
            {
                foreach (var t in state.Values)
                    t.Dispose();
            }

            EvaluationReport? report = null;
            int count = dataset.Test.Count(c => c.HasLabel);
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("evaluate", maxValue: Math.Max(1, count));
                    report = Evaluator.EvaluateTestSplit(dataset, config.Plan, network, progress: new Progress<int>(d => task.Value = d));
                    task.Value = Math.Max(1, count);
                });
            string suffix = $"{info.Step:D6}{(useTeacher ? "_teacher" : "")}";
            File.WriteAllText(Path.Combine(runPath, $"metrics_test_{suffix}.csv"), report!.ToCsv());
            File.WriteAllText(Path.Combine(runPath, $"results_test_{suffix}.md"),
                report.ToMarkdown($"{info.Method} step {info.Step}{(useTeacher ? " (teacher)" : "")} on {dataset.Description.Name} ({config.Plan.Name})"));
            Print(report, $"{info.Method} step {info.Step}{(useTeacher ? " (teacher)" : "")}");
            return 0;
        }
        catch (Exception e) when (e is DatasetFormatException or ArgumentException or IOException or PacsSeg.Imaging.IO.Nifti.NiftiFormatException or PacsSeg.Torch.TorchException)
        {
            Console.Error.WriteLine($"train evaluate: {e.Message}");
            return 1;
        }
    }

    private static CheckpointInfo FindCheckpoint(string directory, int? step)
    {
        if (!Directory.Exists(directory))
            throw new DatasetFormatException($"{directory} does not exist; train the run first.");
        var files = Directory.GetFiles(directory, "checkpoint_*.json").Order(StringComparer.Ordinal).ToList();
        string? chosen = step is int s ? files.FirstOrDefault(f => Path.GetFileName(f) == $"checkpoint_{s:D6}.json") : files.LastOrDefault();
        return chosen is null
            ? throw new DatasetFormatException(step is null ? $"No checkpoint in {directory}." : $"No checkpoint for step {step} in {directory}.")
            : StageJson.Read<CheckpointInfo>(chosen);
    }

    private static void Print(EvaluationReport report, string title)
    {
        var table = new Table().Title(Markup.Escape(title));
        foreach (string column in new[] { "class", "Dice", "Jaccard", "HD95 (vox)", "ASD (vox)", "HD95 (mm)", "ASD (mm)" })
            table.AddColumn(column);
        void Row(string name, Segmentation.Metrics.BinaryMetrics m) => table.AddRow(
            new Text(name), Cell(m.Dice * 100), Cell(m.Jaccard * 100), Cell(m.Hd95Voxels), Cell(m.AsdVoxels), Cell(m.Hd95Mm), Cell(m.AsdMm));
        for (int c = 0; c < report.Average.PerClass.Count; c++)
            Row(report.ClassNames[c + 1], report.Average.PerClass[c]);
        Row("mean", report.Average.Mean);
        AnsiConsole.Write(table);
    }

    private static Text Cell(double value) => new(value.ToString("0.00", CultureInfo.InvariantCulture));
}
