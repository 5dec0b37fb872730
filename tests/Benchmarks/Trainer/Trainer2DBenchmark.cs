// The 2D method comparison of issue 6: every method trains on the same 2D cardiac-like phantom with the
// same iteration budget, at two label fractions, and is scored on the same test cases (best validation
// checkpoint, medpy-semantics Dice / Jaccard / HD95 / ASD in voxels, mean over RV, Myo, LV). The anchors on
// the peer side are the published ACDC numbers of SPEC 8.1 (different data and budget: shown for the order of methods).
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Benchmarks.Trainer;

public sealed class Trainer2DBenchmark : IBenchmark
{
    public string Name => "trainer-2d";

    public string Description =>
        "2D semi-supervised methods on the cardiac phantom at 5 % / 10 % labels (args: --iterations N --lr X --size S --patch P --width W --train N --test N --batch B --threads T --copy-paste-pretrain F --fractions 5,10 --methods a,b --seeds 1337,1,2 --variation standard|wide --slices 0|N --out FILE)";

    private static readonly Dictionary<string, string> Anchors = new(StringComparer.Ordinal)
    {
        ["supervised@5"] = "47.83", ["supervised@10"] = "79.41", ["full"] = "91.44", ["ua-mt@5"] = "46.04", ["ua-mt@10"] = "81.65",
        ["bcp@5"] = "87.59", ["bcp@10"] = "88.84", ["spc-mt@5"] = "87.31", ["spc-mt@10"] = "89.27", ["spc-bcp@5"] = "88.60", ["spc-bcp@10"] = "89.80",
    };

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = Options.Parse(args);
        // One intra-op thread: on a shared, oversubscribed machine OpenMP's spinning threads only add contention.
        PacsSeg.Torch.TorchRuntime.NumThreads = o.Threads;
        string root = Directory.CreateTempSubdirectory("pacsseg-bench-2d-").FullName;
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
        int maxLabeled = o.Fractions.Max(f => (int)Math.Round(o.Train * f / 100.0));
        // --slices 0: one 2D image per case. --slices N: short-axis stacks of N slices, trained slice by slice and
        // scored per volume, as the ACDC protocol of SSL4MIS does (the label fraction counts patients, not slices).
        PhantomDataset.Write(datasetRoot, new PhantomDatasetOptions
        {
            Kind = o.Slices > 0 ? PhantomKind.Cardiac3D : PhantomKind.Cardiac2D, Labeled = maxLabeled, Unlabeled = o.Train - maxLabeled, Test = o.Test,
            Size = o.Size, Slices = o.Slices, Seed = 11, Variation = o.Variation,
        }, cancellationToken: cancellationToken);
        var dataset = DatasetFolder.Load(datasetRoot);
        // Ramps count "epochs" of 150 iterations; a budget of a few hundred iterations would never leave the
        // first one, so the ramps are off (full weight from the start) and every method sees its unlabeled terms.
        int ramp = o.Iterations >= 3000 ? o.Iterations / 150 : 0;
        // The SSL4MIS UNet-2D, its widths scaled down by --width (16 = the reference) to fit the CPU budget.
        long[] widths = [.. UNet2D.DefaultWidths.Select(w => w * o.Width / 16)];
        SegmentationNetwork Network() => new UNet2D(1, CardiacPhantom.ClassNames.Count, widths);
        var plan = new TrainingPlan
        {
            Name = "bench2d", DatasetName = dataset.Description.Name, Dimensionality = 2, PatchSize = [o.Patch, o.Patch, 1],
            TargetSpacing = [1.5, 1.5, 8], Normalization = new IntensityNormalization(NormalizationScheme.MinMaxPerImage),
            ClassNames = CardiacPhantom.ClassNames, Architecture = "unet2d", Widths = [.. widths.Select(w => (int)w)],
            LabeledBatchSize = o.Batch, UnlabeledBatchSize = o.Batch, Iterations = o.Iterations, ConsistencyRampLength = ramp, LearningRate = o.LearningRate,
            ValidationInterval = Math.Max(1, o.Iterations / 5), Seed = 1337,
        };
        // Every training case with its label (the unlabeled pool's labels are held out, used only by the upper bound).
        var cases = dataset.Labeled.Concat(dataset.Unlabeled).Select(c =>
            TrainingData.Patches(dataset.ReadImage(c), c.Role == CaseRole.Labeled ? dataset.ReadLabel(c) : dataset.ReadHeldOutLabel(c), plan).ToList()).ToList();
        var allSlices = cases.SelectMany(c => c).ToList();

        var rows = new List<string>();
        string seedText = o.Seeds.Length == 1 ? $"training seed {o.Seeds[0]}" : $"training seeds {string.Join(", ", o.Seeds)} (mean ± sd over seeds; \"above\" counts the seeds where the method beat supervised-only of the same seed)";
        string header = $"Command: `./pacsseg bench trainer-2d {string.Join(' ', o.Arguments)}`\n\n"
            + (o.Slices > 0
                ? $"Phantom {o.Size}x{o.Size}x{o.Slices} cardiac-like MR short-axis stacks, {o.Variation.ToString().ToLowerInvariant()} variation, trained slice by slice (patches {o.Patch}x{o.Patch}) and scored per volume; {o.Train} training patients ({o.Train * o.Slices} slices), {o.Test} test patients; "
                : $"Phantom {o.Size}x{o.Size} 2D cardiac-like MR, {o.Variation.ToString().ToLowerInvariant()} variation (patches {o.Patch}x{o.Patch}), {o.Train} training cases, {o.Test} test cases; ")
            + $"UNet-2D widths {string.Join('/', widths)}; {o.Iterations} iterations for every method, batch {o.Batch} labeled + {o.Batch} unlabeled (supervised-only and the upper bound: {2 * o.Batch} labeled, as SSL4MIS), "
            + $"SGD lr {o.LearningRate.ToString(CultureInfo.InvariantCulture)} poly, {o.Threads} libtorch thread(s); {seedText}. Load average at the start: {BenchmarkText.LoadAverage()}.\n\n"
            + "| Method | Labels | Dice % | Δ Dice vs supervised | above | Jaccard % | HD95 (vox) | ASD (vox) | s / it | ACDC anchor Dice % (SPEC 8.1) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n";
        if (o.Out is not null)
            File.WriteAllText(o.Out, header);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"phantom {o.Size}x{o.Size} (patches {o.Patch}x{o.Patch}): {o.Train} training, {o.Test} test cases; UNet-2D widths {string.Join('/', widths)}; "
            + $"{o.Iterations} iterations, batch {o.Batch}+{o.Batch}; {seedText}; load {BenchmarkText.LoadAverage()}");
        // Supervised-only Dice per (fraction, seed): each method is compared with the baseline of its own seed.
        var supervisedDice = new Dictionary<(int Fraction, int Seed), double>();
        foreach (int fraction in o.Fractions)
        {
            int labeledCount = (int)Math.Round(o.Train * fraction / 100.0);
            var labeled = cases.Take(labeledCount).SelectMany(c => c).ToList();
            var unlabeled = cases.Skip(labeledCount).SelectMany(c => c).Select(p => new PacsSeg.Trainer.Augmentation.ImagePatch(p.Image, null, p.SizeX, p.SizeY, p.SizeZ)).ToList();
            foreach (string method in o.Methods)
            {
                if (method == "full" && fraction != o.Fractions[0])
                    continue;
                var perSeed = new List<(PacsSeg.Segmentation.Metrics.BinaryMetrics Mean, double SecondsPerIteration)>();
                var deltas = new List<double>();
                foreach (int seed in o.Seeds)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // SSL4MIS trains its supervised-only baseline (and the full-label bound) with the semi-supervised
                    // methods' whole batch, all labeled (batch 24 against 12 + 12); "supervised-half-batch" keeps
                    // only the labeled half, to show what the batch size alone does.
                    var seeded = plan with { Seed = seed, LabeledBatchSize = method is "supervised" or "full" ? 2 * o.Batch : o.Batch };
                    var (m, train) = method == "full" ? (new SupervisedOnly(), allSlices) : (Create(method, o), labeled);
                    var run = RunFolder.Create(Path.Combine(root, "runs"), $"{method}-{fraction}-{seed}", seeded.Name, 0);
                    var loop = new TrainingLoop(seeded, m, Network, run)
                    {
                        Validate = network => Evaluator.EvaluateTestSplit(dataset, seeded, network).Average.Mean.Dice,
                    };
                    var result = loop.Run(train, unlabeled, cancellationToken: cancellationToken);
                    (m as IDisposable)?.Dispose();
                    using var best = RunPackager.LoadNetwork(run, seeded, TrainingLoop.BestWeightsFile);
                    best.Eval();
                    var mean = Evaluator.EvaluateTestSplit(dataset, seeded, best).Average.Mean;
                    perSeed.Add((mean, result.SecondsPerIteration));
                    if (method == "supervised")
                        supervisedDice[(fraction, seed)] = mean.Dice;
                    else if (method != "full" && supervisedDice.TryGetValue((fraction, seed), out double baseline))
                        deltas.Add(mean.Dice - baseline);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {method} {fraction} % seed {seed}: Dice {mean.Dice * 100:0.00}, best at {result.Best?.Iteration}, {result.SecondsPerIteration:0.000} s/it [{clock.Elapsed.TotalMinutes:0.0} min]"));
                }
                string label = method switch
                {
                    "full" => $"full labels (upper bound, batch {2 * o.Batch})",
                    "supervised" => $"supervised (batch {2 * o.Batch})",
                    "supervised-half-batch" => $"supervised (batch {o.Batch})",
                    _ => method,
                };
                string fractionText = method == "full" ? "100 %" : $"{fraction} %";
                var (delta, above) = BenchmarkText.Comparison(deltas, isBaseline: method == "supervised");
                string anchor = Anchors.GetValueOrDefault(method == "full" ? "full" : $"{method}@{fraction}", "—");
                string row = string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {fractionText} | {BenchmarkText.MeanSd(perSeed.Select(r => r.Mean.Dice * 100))} | {delta} | {above} | {BenchmarkText.MeanSd(perSeed.Select(r => r.Mean.Jaccard * 100))} | "
                    + $"{perSeed.Average(r => r.Mean.Hd95Voxels):0.00} | {perSeed.Average(r => r.Mean.AsdVoxels):0.00} | {perSeed.Average(r => r.SecondsPerIteration):0.000} | {anchor} |");
                rows.Add(row);
                if (o.Out is not null)
                    File.AppendAllText(o.Out, row + "\n"); // row by row: a stopped run keeps what it measured
                Console.WriteLine($"{row}   [{clock.Elapsed.TotalMinutes:0.0} min]");
            }
        }
        string footer = $"\nTotal {clock.Elapsed.TotalMinutes:0.0} min wall; load average at the end: {BenchmarkText.LoadAverage()}.\n";
        Console.WriteLine();
        Console.Write(header + string.Join("\n", rows) + "\n" + footer);
        if (o.Out is not null)
            File.AppendAllText(o.Out, footer);
        return 0;
    }

    /// <summary>The methods with their schedules scaled to the budget (SPEC lengths are for 15 000–40 000 iterations).</summary>
    private static ITrainingMethod Create(string name, Options o) => name switch
    {
        "supervised-half-batch" => new SupervisedOnly(),
        "mean-teacher" => new MeanTeacher(consistencyStart: o.Iterations / 30),
        // Ablation: MT's batch (labeled + unlabeled through the student) with the consistency term never on.
        "mt-no-consistency" => new MeanTeacher(consistencyStart: int.MaxValue),
        "ua-mt" => new UncertaintyAwareMeanTeacher(passes: 4, consistencyStart: o.Iterations / 30),
        "bcp" => new BidirectionalCopyPaste(PreTrain(o)),
        "spc-bcp" => new SpcCopyPaste(preTrainIterations: PreTrain(o)),
        _ => TrainingMethods.Create(name),
    };

    /// <summary>The copy-paste methods' pre-training length: a fraction of the budget (their default: a quarter).</summary>
    private static int PreTrain(Options o) => (int)Math.Round(o.Iterations * o.CopyPastePreTrain);

    private sealed record Options(int Iterations, int Size, int Patch, int Width, int Train, int Test, int Batch, int[] Fractions, string[] Methods, string? Out)
    {
        public int[] Seeds { get; init; } = [1337];
        public PhantomVariation Variation { get; init; } = PhantomVariation.Standard;
        public int Slices { get; init; }
        public double LearningRate { get; init; } = 0.01;
        public int Threads { get; init; } = 1;
        public double CopyPastePreTrain { get; init; } = 0.25;
        public IReadOnlyList<string> Arguments { get; init; } = [];

        public static Options Parse(string[] args)
        {
            var defaults = new Options(300, 48, 32, 8, 60, 20, 2, [5, 10],
                ["supervised", "full", "mean-teacher", "ua-mt", "bcp", "pccs", "spc-mt", "spc-bcp", "local-contrastive"], null) { Arguments = args };
            var o = BenchmarkArguments.Parse(args, defaults, static (o, name, v) => name switch
            {
                "--iterations" => o with { Iterations = int.Parse(v, CultureInfo.InvariantCulture) },
                "--size" => o with { Size = int.Parse(v, CultureInfo.InvariantCulture) },
                "--lr" => o with { LearningRate = double.Parse(v, CultureInfo.InvariantCulture) },
                "--copy-paste-pretrain" => o with { CopyPastePreTrain = double.Parse(v, CultureInfo.InvariantCulture) },
                "--threads" => o with { Threads = int.Parse(v, CultureInfo.InvariantCulture) },
                "--patch" => o with { Patch = int.Parse(v, CultureInfo.InvariantCulture) },
                "--width" => o with { Width = int.Parse(v, CultureInfo.InvariantCulture) },
                "--train" => o with { Train = int.Parse(v, CultureInfo.InvariantCulture) },
                "--test" => o with { Test = int.Parse(v, CultureInfo.InvariantCulture) },
                "--batch" => o with { Batch = int.Parse(v, CultureInfo.InvariantCulture) },
                "--fractions" => o with { Fractions = [.. v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--methods" => o with { Methods = v.Split(',') },
                "--seeds" => o with { Seeds = [.. v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--out" => o with { Out = v },
                "--slices" => o with { Slices = int.Parse(v, CultureInfo.InvariantCulture) },
                "--variation" => o with { Variation = Enum.Parse<PhantomVariation>(v, ignoreCase: true) },
                _ => throw new ArgumentException($"Unknown argument '{name}'."),
            });
            if (o.Patch > o.Size || o.Patch % 16 != 0 || o.Width < 1 || o.Batch < 2 || o.Iterations < 5 || o.Seeds.Length == 0 || o.Slices < 0)
                throw new ArgumentException("Need patch <= size, patch a multiple of 16, width >= 1, batch >= 2 and >= 5 iterations, at least one seed and slices >= 0.");
            return o;
        }
    }
}
