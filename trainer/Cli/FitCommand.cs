using System.CommandLine;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;
using Spectre.Console;

namespace PacsSeg.Trainer.Cli;

/// <summary><c>train fit DATASET</c>: trains one method under a plan into runs/&lt;method&gt;__&lt;plan&gt;__&lt;fold&gt;.</summary>
public static class FitCommand
{
    public static Command Create()
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Dataset folder with its plan (run 'train plan' first)." };
        var method = new Option<string>("--method") { Description = $"One of: {string.Join(", ", TrainingMethods.Names)}.", DefaultValueFactory = _ => "mean-teacher" };
        method.AcceptOnlyFromAmong([.. TrainingMethods.Names]);
        var planName = new Option<string>("--plan") { Description = "Plan name (2d or 3d): reads plan_<name>.json.", DefaultValueFactory = _ => "2d" };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "Folder of run folders.", DefaultValueFactory = _ => new DirectoryInfo("runs") };
        var fold = new Option<int>("--fold") { Description = "Fold number (part of the run folder name)." };
        var iterations = new Option<int?>("--iterations") { Description = "Override the plan's iteration count." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a resumable checkpoint every this many iterations (0: only at the end)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run folder from its last checkpoint." };
        var command = new Command("fit", "Train a segmentation network with a semi-supervised method.")
        {
            dataset, method, planName, runs, fold, iterations, checkpointEvery, resume,
        };
        command.SetAction(parse => Run(parse.GetValue(dataset)!.FullName, parse.GetValue(method)!, parse.GetValue(planName)!,
            parse.GetValue(runs)!.FullName, parse.GetValue(fold), parse.GetValue(iterations), parse.GetValue(checkpointEvery), parse.GetValue(resume)));
        return command;
    }

    /// <summary>Evaluates the run's weights on the test split (when it has labeled cases) and writes the package.</summary>
    private static string Package(DatasetFolder dataset, TrainingPlan plan, ITrainingMethod method, RunFolder run, CheckpointInfo checkpoint, bool best)
    {
        using var network = RunPackager.LoadNetwork(run, plan, best ? TrainingLoop.BestWeightsFile : checkpoint.StudentWeights);
        EvaluationReport? report = null;
        if (dataset.Test.Any(c => c.HasLabel))
        {
            report = Evaluator.EvaluateTestSplit(dataset, plan, network);
            File.WriteAllText(Path.Combine(run.Path, "metrics_test.csv"), report.ToCsv());
            File.WriteAllText(Path.Combine(run.Path, "results_test.md"), report.ToMarkdown($"{method.Name} on {dataset.Description.Name} ({plan.Name})"));
        }
        string summary = $"{dataset.Description.Name}: {checkpoint.LabeledCases} labeled and {checkpoint.UnlabeledCases} unlabeled training patches from "
            + $"{dataset.Labeled.Count()} labeled and {dataset.Unlabeled.Count()} unlabeled cases; {dataset.Test.Count(c => c.HasLabel)} labeled test cases";
        var manifest = RunPackager.Manifest(plan, method.Name, summary, report, "1.0.0");
        return RunPackager.Save(run, manifest, network);
    }

    public static int Run(string datasetRoot, string methodName, string planName, string runsRoot, int fold, int? iterations,
        int checkpointEvery = 0, bool resume = false)
    {
        try
        {
            if (!DatasetFolder.IsValidId(planName))
                throw new ArgumentException($"Plan name '{planName}' is not [A-Za-z0-9_-]+.");
            var dataset = DatasetFolder.Load(datasetRoot);
            var plan = StageJson.Read<TrainingPlan>(Path.Combine(datasetRoot, TrainingPlan.FileNameFor(planName)));
            if (iterations is int n)
                plan = plan with { Iterations = n };
            var method = TrainingMethods.Create(methodName);
            if (method.Architecture is { } architecture)
                plan = plan with { Architecture = architecture };
            if (checkpointEvery < 0)
                throw new ArgumentException($"--checkpoint-every must not be negative, got {checkpointEvery}.");
            var run = RunFolder.Create(runsRoot, method.Name, plan.Name, fold);
            string? resumeFrom = null;
            if (resume)
            {
                resumeFrom = Directory.GetFiles(run.CheckpointDirectory, "checkpoint_*.json").Order(StringComparer.Ordinal).LastOrDefault()
                    ?? throw new ArgumentException($"--resume: {run.Path} has no checkpoint yet.");
            }
            // Like SSL4MIS, the labeled test cases double as the validation set (there is no separate split).
            bool validate = plan.Dimensionality == 2 && dataset.Test.Any(c => c.HasLabel);
            TrainingResult? result = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    int cases = dataset.Labeled.Count() + (method.UsesUnlabeled ? dataset.Unlabeled.Count() : 0);
                    var load = context.AddTask("load cases", maxValue: cases);
                    var data = TrainingData.Load(dataset, plan, method.UsesUnlabeled, new Progress<int>(d => load.Value = d));
                    load.Value = cases;
                    var train = context.AddTask($"{method.Name}", maxValue: plan.Iterations);
                    var loop = new TrainingLoop(plan, method, () => RunPackager.CreateNetwork(plan), run)
                    {
                        CheckpointInterval = checkpointEvery,
                        ResumeFrom = resumeFrom,
                        Validate = validate ? network => Evaluator.EvaluateTestSplit(dataset, plan, network).Average.Mean.Dice : null,
                    };
                    result = loop.Run(data.Labeled, data.Unlabeled, new Progress<TrainingProgress>(p =>
                    {
                        train.Value = p.Iteration;
                        train.Description = Markup.Escape(
                            $"{method.Name} loss {p.Loss:0.0000} lr {p.LearningRate:0.#####} {p.IterationsPerSecond:0.00} it/s");
                    }));
                    train.Value = plan.Iterations;
                });
            Console.WriteLine($"trained {method.Name} for {plan.Iterations} iterations ({result!.SecondsPerIteration:0.000} s/it); run folder {run.Path}");
            if (result.Best is { } best)
                Console.WriteLine($"best validation Dice {best.Score:0.0000} at iteration {best.Iteration}");
            string package = Package(dataset, plan, method, run, result.LastCheckpoint, best: result.Best is not null);
            Console.WriteLine($"model package {package}");
            return 0;
        }
        catch (Exception e) when (e is DatasetFormatException or ArgumentException or IOException or PacsSeg.Segmentation.Packaging.ModelPackageException or PacsSeg.Torch.TorchException or PacsSeg.Imaging.IO.Nifti.NiftiFormatException)
        {
            Console.Error.WriteLine($"train fit: {e.Message}");
            return 1;
        }
    }
}
