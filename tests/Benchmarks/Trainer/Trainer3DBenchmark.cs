// The 3D benchmark of issue 6: 3D semi-supervised methods (dual networks, SPEC 7; AUA, SPEC 6) against
// supervised-only on a 3D phantom, same plan, iterations and seeds; every run scored with the sliding window on
// the test split (best of the validations along the run, as the 2D benchmark and the reference repositories do).
// Prints each row as it is measured and writes the table (with the command line and the load average) as Markdown.
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Segmentation.Metrics;
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

    public string Description =>
        "3D phantom: dual networks / AUA vs supervised-only, same budget (args: --iterations N --size S --slices Z --labeled N --unlabeled N --test N "
        + "--batch B --lr X --phantom cardiac3d|abdominal3d --variation standard|wide --methods a,b --seeds 1337,1 --validations K --threads T --out FILE)";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = Options.Parse(args);
        PacsSeg.Torch.TorchRuntime.NumThreads = o.Threads;
        string root = Directory.CreateTempSubdirectory("pacsseg-bench-3d-").FullName;
        try
        {
            return Task.FromResult(Run(o, root, cancellationToken));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static int Run(Options o, string root, CancellationToken cancellationToken)
    {
        string datasetRoot = Path.Combine(root, "dataset");
        var phantom = new PhantomDatasetOptions
        {
            Kind = o.Phantom, Labeled = o.Labeled, Unlabeled = o.Unlabeled, Test = o.Test, Size = o.Size, Slices = o.Slices, Seed = 3, Variation = o.Variation,
        };
        PhantomDataset.Write(datasetRoot, phantom, cancellationToken: cancellationToken);
        var dataset = DatasetFolder.Load(datasetRoot);
        var fingerprint = Fingerprinter.Compute(dataset, cancellationToken: cancellationToken);
        // Ramps count "epochs" of 150 iterations (SPEC: 40 of them, for 6,000 iterations); a budget of a few
        // hundred would end with the unlabeled terms still near zero, so below 3,000 iterations they are off (full
        // weight from the start), as in the 2D benchmark.
        var basePlan = Planner.Create(fingerprint, new PlanOptions { Dimensionality = 3, PatchSize = [o.Size, o.Size, o.Slices], Iterations = o.Iterations, Seed = 1337 })
            with
            {
                LearningRate = o.LearningRate, LabeledBatchSize = o.Batch, UnlabeledBatchSize = o.Batch,
                ConsistencyRampLength = o.Iterations >= 3000 ? o.Iterations / 150 : 0,
                ValidationInterval = o.Validations > 0 ? Math.Max(1, o.Iterations / o.Validations) : 0,
            };
        string kindText = o.Phantom == PhantomKind.Cardiac3D
            ? "cardiac-like MR phantom (1.5x1.5x8 mm; RV, myocardium, LV)"
            : "abdominal CT phantom (1.2x1.2x2.0 mm; one small organ)";
        string seedText = o.Seeds.Length == 1
            ? $"training seed {o.Seeds[0]}"
            : $"training seeds {string.Join(", ", o.Seeds)} (mean ± sd over seeds; \"above\" counts the seeds where the method beat supervised-only of the same seed)";
        string header = $"Command: `./pacsseg bench trainer-3d {string.Join(' ', o.Arguments)}`\n\n"
            + $"Data: {kindText}, {o.Variation.ToString().ToLowerInvariant()} variation, phantom seed {phantom.Seed}, {o.Size}x{o.Size}x{o.Slices} voxels; "
            + $"{o.Labeled} labeled, {o.Unlabeled} unlabeled, {o.Test} test cases.\n"
            + $"Plan: patch {string.Join('x', basePlan.PatchSize)} (the whole volume), {o.Iterations} iterations for every method, batch {o.Batch} labeled + {o.Batch} unlabeled "
            + $"(supervised-only: {2 * o.Batch} labeled), SGD lr {o.LearningRate.ToString(CultureInfo.InvariantCulture)} momentum {basePlan.Momentum.ToString(CultureInfo.InvariantCulture)} "
            + $"({basePlan.Schedule}), consistency ramps {(basePlan.ConsistencyRampLength > 0 ? "over the whole budget" : "off (full weight from the start)")}; weak augmentation (rot90, flip, crop); {seedText}.\n"
            + "Evaluation: sliding window (overlap 0.5, Gaussian weights) on the test split, medpy semantics, mean over classes and cases; "
            + (o.Validations > 0 ? $"the checkpoint with the best test Dice of {o.Validations} validations along the run.\n" : "the last checkpoint.\n")
            + $"Machine: {Environment.ProcessorCount} CPU cores, libtorch {PacsSeg.Torch.TorchRuntime.Version} (CPU), {o.Threads} intra-op thread(s); load average at the start {BenchmarkText.LoadAverage()}.\n\n"
            + "| method | Dice % | Δ Dice vs supervised | above | Jaccard % | HD95 (mm) | ASD (mm) | HD95 (vox) | ASD (vox) | best at | s/it | train loss (last 10) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        if (o.Out is not null)
            File.WriteAllText(o.Out, header);
        Console.WriteLine(header);

        var clock = Stopwatch.StartNew();
        var supervisedDice = new Dictionary<int, double>();
        var rows = new List<string>();
        foreach (string name in o.Methods)
        {
            var perSeed = new List<(BinaryMetrics Mean, double SecondsPerIteration, double Loss, int BestAt)>();
            var deltas = new List<double>();
            foreach (int seed in o.Seeds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var method = TrainingMethods.Create(name);
                // As SSL4MIS's fully supervised baselines: the semi-supervised methods' whole batch, all labeled.
                var plan = (method.Architecture is { } a ? basePlan with { Architecture = a } : basePlan)
                    with { Seed = seed, LabeledBatchSize = method.UsesUnlabeled ? o.Batch : 2 * o.Batch };
                var data = TrainingData.Load(dataset, plan, method.UsesUnlabeled, cancellationToken: cancellationToken);
                var run = RunFolder.Create(Path.Combine(root, "runs"), $"{method.Name}-{seed}", plan.Name, 0);
                var loop = new TrainingLoop(plan, method, () => RunPackager.CreateNetwork(plan), run)
                {
                    Validate = o.Validations > 0 ? network => Evaluator.EvaluateTestSplit(dataset, plan, network).Average.Mean.Dice : null,
                };
                TrainingResult? result = null;
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"{method.Name} seed {seed}", maxValue: o.Iterations);
                        result = loop.Run(data.Labeled, data.Unlabeled, new SyncProgress(p =>
                        {
                            task.Value = p.Iteration;
                            task.Description = Markup.Escape($"{method.Name} seed {seed} loss {p.Loss:0.000} {p.IterationsPerSecond:0.00} it/s");
                        }), cancellationToken);
                    });
                (method as IDisposable)?.Dispose();
                string weights = result!.Best is not null ? TrainingLoop.BestWeightsFile : result.LastCheckpoint.StudentWeights;
                using var network = RunPackager.LoadNetwork(run, plan, weights);
                network.Eval();
                var mean = Evaluator.EvaluateTestSplit(dataset, plan, network, cancellationToken: cancellationToken).Average.Mean;
                int bestAt = result.Best?.Iteration ?? o.Iterations;
                perSeed.Add((mean, result.SecondsPerIteration, result.Losses.TakeLast(10).Average(), bestAt));
                if (name == "supervised")
                    supervisedDice[seed] = mean.Dice;
                else if (supervisedDice.TryGetValue(seed, out double baseline))
                    deltas.Add(mean.Dice - baseline);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name} seed {seed}: Dice {mean.Dice * 100:0.00}, best at {bestAt}, {result.SecondsPerIteration:0.000} s/it [{clock.Elapsed.TotalMinutes:0.0} min]"));
            }
            var (delta, above) = BenchmarkText.Comparison(deltas, isBaseline: name == "supervised");
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {BenchmarkText.MeanSd(perSeed.Select(r => r.Mean.Dice * 100))} | {delta} | {above} | {BenchmarkText.MeanSd(perSeed.Select(r => r.Mean.Jaccard * 100))} | "
                + $"{perSeed.Average(r => r.Mean.Hd95Mm):0.00} | {perSeed.Average(r => r.Mean.AsdMm):0.00} | {perSeed.Average(r => r.Mean.Hd95Voxels):0.00} | {perSeed.Average(r => r.Mean.AsdVoxels):0.00} | "
                + $"{string.Join('/', perSeed.Select(r => r.BestAt))} | {perSeed.Average(r => r.SecondsPerIteration):0.000} | {perSeed.Average(r => r.Loss):0.000} |");
            rows.Add(row);
            if (o.Out is not null)
                File.AppendAllText(o.Out, row + "\n"); // row by row: a stopped run keeps what it measured
            Console.WriteLine($"{row}   [{clock.Elapsed.TotalMinutes:0.0} min]");
        }
        string footer = $"\ns/it is wall time per training iteration including the validations; the dual-network iteration trains two networks on a batch of "
            + $"{2 * o.Batch}. Total {clock.Elapsed.TotalMinutes:0.0} min wall; load average at the end: {BenchmarkText.LoadAverage()}.\n";
        Console.Write(header + string.Join("\n", rows) + "\n" + footer);
        if (o.Out is not null)
        {
            File.AppendAllText(o.Out, footer);
            Console.WriteLine($"wrote {o.Out}");
        }
        return 0;
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private sealed record Options
    {
        public int Iterations { get; init; } = 300;
        public int Size { get; init; } = 32;
        public int Slices { get; init; } = 16;
        public int Labeled { get; init; } = 4;
        public int Unlabeled { get; init; } = 16;
        public int Test { get; init; } = 4;
        public int Batch { get; init; } = 2;
        public double LearningRate { get; init; } = 0.01;
        public PhantomKind Phantom { get; init; } = PhantomKind.Cardiac3D;
        public PhantomVariation Variation { get; init; } = PhantomVariation.Standard;
        public string[] Methods { get; init; } = ["supervised", "dual-networks"];
        public int[] Seeds { get; init; } = [1337];
        public int Validations { get; init; } = 5;
        public int Threads { get; init; } = 2;
        public string? Out { get; init; }
        public IReadOnlyList<string> Arguments { get; init; } = [];

        public static Options Parse(string[] args)
        {
            var o = BenchmarkArguments.Parse(args, new Options { Arguments = args }, Apply);
            Validate(o);
            return o;
        }

        private static Options Apply(Options o, string name, string v) => name switch
        {
            "--iterations" => o with { Iterations = Int(v) },
            "--size" => o with { Size = Int(v) },
            "--slices" => o with { Slices = Int(v) },
            "--labeled" => o with { Labeled = Int(v) },
            "--unlabeled" => o with { Unlabeled = Int(v) },
            "--test" => o with { Test = Int(v) },
            "--batch" => o with { Batch = Int(v) },
            "--lr" => o with { LearningRate = double.Parse(v, CultureInfo.InvariantCulture) },
            "--phantom" => o with { Phantom = Enum.Parse<PhantomKind>(v, ignoreCase: true) },
            "--variation" => o with { Variation = Enum.Parse<PhantomVariation>(v, ignoreCase: true) },
            "--methods" => o with { Methods = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
            "--seeds" => o with { Seeds = [.. v.Split(',').Select(Int)] },
            "--validations" => o with { Validations = Int(v) },
            "--threads" => o with { Threads = Int(v) },
            "--out" => o with { Out = v },
            _ => throw new ArgumentException($"Unknown argument '{name}'."),
        };

        private static void Validate(Options o)
        {
            if (o.Phantom is not (PhantomKind.Abdominal3D or PhantomKind.Cardiac3D))
                throw new ArgumentException($"The 3D benchmark runs on cardiac3d or abdominal3d, not {o.Phantom}.");
            // The 3D networks halve the patch four times.
            if (o.Size < 16 || o.Size % 16 != 0 || o.Slices < 16 || o.Slices % 16 != 0)
                throw new ArgumentException($"Size and slices must be multiples of 16 (the networks downsample four times), got {o.Size} and {o.Slices}.");
            if (o.Iterations < 2 || o.Batch < 1 || o.Labeled < 1 || o.Unlabeled < 1 || o.Test < 1 || o.Seeds.Length == 0 || o.Validations < 0 || o.Threads < 1)
                throw new ArgumentException("Need at least 2 iterations, batch >= 1, at least one labeled, unlabeled and test case, at least one seed, validations >= 0 and threads >= 1.");
            if (o.Methods.FirstOrDefault(m => !TrainingMethods.Names.Contains(m)) is { } unknown) // fails here, before any training
                throw new ArgumentException($"Unknown method '{unknown}'; available: {string.Join(", ", TrainingMethods.Names)}.");
        }

        private static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
    }
}
