using System.CommandLine;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Planning;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary><c>train plan DATASET</c>: fingerprint.json, then plan_2d.json or plan_3d.json, in the dataset folder.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Dataset folder (nnU-Net layout)." };
        var dims = new Option<int?>("--dimensionality") { Description = "2 (slice-wise) or 3; default from the data." };
        var patch = new Option<int[]?>("--patch") { Description = "Patch size x y z (z = 1 for 2D).", AllowMultipleArgumentsPerToken = true };
        var iterations = new Option<int?>("--iterations") { Description = "Training iterations." };
        var labeledBatch = new Option<int?>("--labeled-batch") { Description = "Labeled samples per batch." };
        var unlabeledBatch = new Option<int?>("--unlabeled-batch") { Description = "Unlabeled samples per batch." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Initial learning rate (default 0.01)." };
        var schedule = new Option<LearningRateSchedule?>("--schedule") { Description = "Learning-rate schedule: poly, step or constant (default poly for 2D, step for 3D)." };
        var normalization = new Option<NormalizationScheme?>("--normalization") { Description = "minMaxPerImage, zScorePerImage or ctClipZScore." };
        var seed = new Option<int>("--seed") { Description = "Seed of the runs made from this plan.", DefaultValueFactory = _ => 1337 };
        var architecture = new Option<string?>("--architecture") { Description = "Network: unet2d, unet2d-pccs, unet3d, vnet3d or resnet34-vnet (default unet2d for 2D, vnet3d for 3D)." };
        var widths = new Option<int[]?>("--widths") { Description = "Channel widths per level, e.g. 8 16 32 64 128 (default: the architecture's).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("plan", "Fingerprint a dataset and write its training plan.")
        {
            dataset, dims, patch, iterations, labeledBatch, unlabeledBatch, learningRate, schedule, normalization, seed, architecture, widths,
        };
        command.SetAction(parse => Run(parse.GetValue(dataset)!.FullName, new PlanOptions
        {
            Dimensionality = parse.GetValue(dims),
            PatchSize = parse.GetValue(patch) is { Length: > 0 } given ? given : null,
            Iterations = parse.GetValue(iterations),
            LearningRate = parse.GetValue(learningRate),
            Schedule = parse.GetValue(schedule),
            LabeledBatchSize = parse.GetValue(labeledBatch),
            UnlabeledBatchSize = parse.GetValue(unlabeledBatch),
            Normalization = parse.GetValue(normalization),
            Seed = parse.GetValue(seed),
            Architecture = parse.GetValue(architecture),
            Widths = parse.GetValue(widths) is { Length: > 0 } w ? w : null,
        }));
        return command;
    }

    // Plain text cells: values such as "[16, 32]" must not be read as Spectre markup.
    private static void Row(Table table, string name, string value) => table.AddRow(new Text(name), new Text(value));

    public static int Run(string datasetRoot, PlanOptions options)
    {
        try
        {
            var dataset = DatasetFolder.Load(datasetRoot);
            DatasetFingerprint? fingerprint = null;
            int training = dataset.Cases.Count(c => c.Role != CaseRole.Test);
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("fingerprint", maxValue: training);
                    fingerprint = Fingerprinter.Compute(dataset, new Progress<int>(done => task.Value = done));
                    task.Value = training;
                });
            StageJson.Write(Path.Combine(datasetRoot, DatasetFingerprint.FileName), fingerprint!);
            var plan = Planner.Create(fingerprint!, options);
            string planPath = Path.Combine(datasetRoot, TrainingPlan.FileNameFor(plan.Name));
            StageJson.Write(planPath, plan);

            var table = new Table().AddColumn("plan").AddColumn(plan.Name);
            Row(table, "cases", $"{fingerprint!.LabeledCount} labeled, {fingerprint.UnlabeledCount} unlabeled, {fingerprint.TestCount} test");
            Row(table, "median size", string.Join(" x ", fingerprint.MedianSize));
            Row(table, "target spacing", string.Join(" x ", plan.TargetSpacing.Select(s => s.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))));
            Row(table, "patch", string.Join(" x ", plan.PatchSize));
            Row(table, "normalization", plan.Normalization.Scheme.ToString());
            Row(table, "iterations", $"{plan.Iterations}, learning rate {plan.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({plan.Schedule})");
            Row(table, "batch", $"{plan.LabeledBatchSize} labeled + {plan.UnlabeledBatchSize} unlabeled");
            Row(table, "network", $"{plan.Architecture} [{string.Join(", ", plan.Widths)}]");
            AnsiConsole.Write(table);
            Console.WriteLine($"wrote {DatasetFingerprint.FileName} and {Path.GetFileName(planPath)} in {datasetRoot}");
            return 0;
        }
        catch (Exception e) when (e is DatasetFormatException or ArgumentException or IOException or PacsSeg.Imaging.IO.Nifti.NiftiFormatException)
        {
            Console.Error.WriteLine($"train plan: {e.Message}");
            return 1;
        }
    }
}
