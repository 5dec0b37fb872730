// The 3D benchmark of issue 6: one 3D semi-supervised method (dual networks, SPEC 7) against supervised-only
// on the abdominal CT phantom, same plan, iterations and seed; both evaluated with the sliding window on the
// test split. Prints the table and writes it (with the command line and the load average) as Markdown.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PacsSeg.Segmentation.Metrics;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Trainer;

public sealed class Trainer3DBenchmark : IBenchmark
{
    public string Name => "trainer-3d";

    public string Description => "3D phantom: dual networks (VNet + ResNet-34-3D) vs supervised-only, same budget; Dice/Jaccard/HD95/ASD, s/it";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // Arguments: iterations, volume side (= patch side), slices (= patch depth), output Markdown (empty: none),
        // methods (comma separated), learning rate, phantom kind (abdominal3d or cardiac3d).
        int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        int side = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        int slices = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        string output = args.Length > 3 ? args[3] : "docs/benchmarks/trainer-3d.md";
        var methods = (args.Length > 4 ? args[4] : "supervised,dual-networks").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double learningRate = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 0.01;
        var kind = args.Length > 6 ? Enum.Parse<PhantomKind>(args[6], ignoreCase: true) : PhantomKind.Abdominal3D;
        if (kind is not (PhantomKind.Abdominal3D or PhantomKind.Cardiac3D))
            throw new ArgumentException($"The 3D benchmark runs on abdominal3d or cardiac3d, not {kind}.");
        TorchRuntime.NumThreads = 2;
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"libtorch {TorchRuntime.Version}, {TorchRuntime.NumThreads} intra-op threads, load average at start {load}");

        string work = Directory.CreateTempSubdirectory("pacsseg-bench-3d-").FullName;
        try
        {
            string root = Path.Combine(work, "dataset");
            var options = new PhantomDatasetOptions { Kind = kind, Labeled = 4, Unlabeled = 16, Test = 4, Size = side, Slices = slices, Seed = 3 };
            PhantomDataset.Write(root, options, cancellationToken: cancellationToken);
            var dataset = DatasetFolder.Load(root);
            var fingerprint = Fingerprinter.Compute(dataset, cancellationToken: cancellationToken);
            var basePlan = Planner.Create(fingerprint, new PlanOptions { Dimensionality = 3, PatchSize = [side, side, slices], Iterations = iterations, Seed = 1337 })
                with { LearningRate = learningRate };
            // Step LR (x0.1 every 2500) as the 3D repositories; with few iterations it stays at 0.01.
            var rows = new List<(string Method, BinaryMetrics Metrics, double SecondsPerIteration, double FinalLoss)>();
            foreach (string name in methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var method = TrainingMethods.Create(name);
                var plan = method.Architecture is { } a ? basePlan with { Architecture = a } : basePlan;
                var data = TrainingData.Load(dataset, plan, method.UsesUnlabeled, cancellationToken: cancellationToken);
                var run = RunFolder.Create(Path.Combine(work, "runs"), method.Name, plan.Name, 0);
                TrainingResult? result = null;
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(method.Name, maxValue: iterations);
                        result = new TrainingLoop(plan, method, () => NetworkFactory.Create(plan.Architecture, 1, plan.ClassCount), run)
                            .Run(data.Labeled, data.Unlabeled, new SyncProgress(p =>
                            {
                                task.Value = p.Iteration;
                                task.Description = Markup.Escape($"{method.Name} loss {p.Loss:0.000} {p.IterationsPerSecond:0.00} it/s");
                            }), cancellationToken);
                    });
                using var network = RunPackager.LoadNetwork(run, plan, result!.LastCheckpoint.StudentWeights);
                var clock = Stopwatch.StartNew();
                var report = Evaluator.EvaluateTestSplit(dataset, plan, network, cancellationToken: cancellationToken);
                Console.WriteLine($"{method.Name}: {result.SecondsPerIteration:0.00} s/it, evaluation {clock.Elapsed.TotalSeconds:0} s, mean Dice {report.Average.Mean.Dice * 100:0.00}");
                rows.Add((method.Name, report.Average.Mean, result.SecondsPerIteration, result.Losses.TakeLast(10).Average()));
            }
            string loadEnd = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
            var table = new Table().AddColumns("method", "Dice %", "Jaccard %", "HD95 (mm)", "ASD (mm)", "HD95 (vox)", "ASD (vox)", "s/it", "loss (last 10)");
            foreach (var r in rows)
            {
                table.AddRow(r.Method, F(r.Metrics.Dice * 100), F(r.Metrics.Jaccard * 100), F(r.Metrics.Hd95Mm), F(r.Metrics.AsdMm),
                    F(r.Metrics.Hd95Voxels), F(r.Metrics.AsdVoxels), F(r.SecondsPerIteration), F(r.FinalLoss));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"load average at end {loadEnd}");
            if (output.Length > 0)
            {
                string command = $"./pacsseg bench trainer-3d {string.Join(' ', args)}".TrimEnd();
                File.WriteAllText(output, Markdown(rows, basePlan, options, command, load, loadEnd));
                Console.WriteLine($"wrote {output}");
            }
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Markdown(List<(string Method, BinaryMetrics Metrics, double SecondsPerIteration, double FinalLoss)> rows,
        TrainingPlan plan, PhantomDatasetOptions options, string command, string loadStart, string loadEnd)
    {
        var md = new StringBuilder();
        md.AppendLine("# Trainer 3D benchmark: dual networks vs supervised-only").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Data: {(options.Kind == PhantomKind.Cardiac3D ? "cardiac-like MR phantom (1.5x1.5x8 mm; RV, myocardium, LV)" : "abdominal CT phantom (1.2x1.2x2.0 mm; one small organ)")}, seed {options.Seed}, {options.Size}x{options.Size}x{options.Slices} voxels; {options.Labeled} labeled, {options.Unlabeled} unlabeled, {options.Test} test cases.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Plan: patch {string.Join('x', plan.PatchSize)}, batch {plan.LabeledBatchSize} labeled (+ {plan.UnlabeledBatchSize} unlabeled for the semi-supervised method), {plan.Iterations} iterations for every method, SGD lr {plan.LearningRate} momentum {plan.Momentum}, seed {plan.Seed}; weak augmentation (rot90, flip, crop).");
        md.AppendLine("Evaluation: sliding window (overlap 0.5, Gaussian weights) on the test split, last checkpoint, medpy semantics, mean over cases.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: 2 CPU cores shared with other jobs; load average (1/5/15 min) at start `{loadStart}`, at end `{loadEnd}`; libtorch {TorchRuntime.Version} (CPU), {TorchRuntime.NumThreads} threads.").AppendLine();
        md.AppendLine("| method | Dice % | Jaccard % | HD95 (mm) | ASD (mm) | HD95 (vox) | ASD (vox) | s/it | train loss (last 10 its) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Method} | {F(r.Metrics.Dice * 100)} | {F(r.Metrics.Jaccard * 100)} | {F(r.Metrics.Hd95Mm)} | {F(r.Metrics.AsdMm)} | {F(r.Metrics.Hd95Voxels)} | {F(r.Metrics.AsdVoxels)} | {F(r.SecondsPerIteration)} | {F(r.FinalLoss)} |");
        }
        md.AppendLine().AppendLine("s/it is wall time per training iteration on the shared machine; the dual-network iteration trains two networks on a batch twice as large.");
        return md.ToString();
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
