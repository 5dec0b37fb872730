// The 2D method comparison of issue 6: every method trains on the same 2D cardiac-like phantom with the
// same iteration budget, at two label fractions, and is scored on the same test cases (best validation
// checkpoint, medpy-semantics Dice / Jaccard / HD95 / ASD in voxels, mean over RV, Myo, LV). The anchors on
// the peer side are the published ACDC numbers of SPEC 8.1 (different data and budget: shown for the order of methods).
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch.Serialization;
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
        "2D semi-supervised methods on the cardiac phantom at 5 % / 10 % labels (args: --iterations N --lr X --size S --patch P --width W --train N --test N --batch B --threads T --copy-paste-pretrain F --fractions 5,10 --methods a,b --out FILE)";

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
        PhantomDataset.Write(datasetRoot, new PhantomDatasetOptions
        {
            Kind = PhantomKind.Cardiac2D, Labeled = maxLabeled, Unlabeled = o.Train - maxLabeled, Test = o.Test, Size = o.Size, Seed = 11,
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
            TrainingData.Patches(dataset.ReadImage(c), c.Role == CaseRole.Labeled ? dataset.ReadLabel(c) : dataset.ReadHeldOutLabel(c), plan).Single()).ToList();

        var rows = new List<string>();
        string header = $"Command: `./pacsseg bench trainer-2d {string.Join(' ', o.Arguments)}`\n\n"
            + $"Phantom {o.Size}x{o.Size} 2D cardiac-like MR (patches {o.Patch}x{o.Patch}), {o.Train} training cases, {o.Test} test cases; "
            + $"UNet-2D widths {string.Join('/', widths)}; {o.Iterations} iterations for every method, batch {o.Batch} labeled + {o.Batch} unlabeled, "
            + $"SGD lr {o.LearningRate.ToString(CultureInfo.InvariantCulture)} poly, {o.Threads} libtorch thread(s). Load average at the start: {LoadAverage()}.\n\n"
            + "| Method | Labels | Dice % | Δ Dice vs supervised | Jaccard % | HD95 (vox) | ASD (vox) | s / it | ACDC anchor Dice % (SPEC 8.1) |\n"
            + "|---|---|---|---|---|---|---|---|---|\n";
        if (o.Out is not null)
            File.WriteAllText(o.Out, header);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"phantom {o.Size}x{o.Size} (patches {o.Patch}x{o.Patch}): {o.Train} training, {o.Test} test cases; UNet-2D widths {string.Join('/', widths)}; "
            + $"{o.Iterations} iterations, batch {o.Batch}+{o.Batch}; load {LoadAverage()}");
        var supervisedDice = new Dictionary<int, double>();
        foreach (int fraction in o.Fractions)
        {
            int labeledCount = (int)Math.Round(o.Train * fraction / 100.0);
            var labeled = cases.Take(labeledCount).ToList();
            var unlabeled = cases.Skip(labeledCount).Select(p => new PacsSeg.Trainer.Augmentation.ImagePatch(p.Image, null, p.SizeX, p.SizeY, p.SizeZ)).ToList();
            foreach (string method in o.Methods)
            {
                if (method == "full" && fraction != o.Fractions[0])
                    continue;
                cancellationToken.ThrowIfCancellationRequested();
                var (m, train) = method == "full" ? (new SupervisedOnly(), cases) : (Create(method, o), labeled);
                var run = RunFolder.Create(Path.Combine(root, "runs"), $"{method}-{fraction}", plan.Name, 0);
                var loop = new TrainingLoop(plan, m, Network, run)
                {
                    Validate = network => Evaluator.EvaluateTestSplit(dataset, plan, network).Average.Mean.Dice,
                };
                var result = loop.Run(train, unlabeled, cancellationToken: cancellationToken);
                (m as IDisposable)?.Dispose();
                using var best = Network();
                var state = SafeTensors.Load(Path.Combine(run.CheckpointDirectory, TrainingLoop.BestWeightsFile));
                best.LoadStateDict(NetworkWithHeads.BackboneState(state));
                foreach (var t in state.Values)
                    t.Dispose();
                best.Eval();
                var mean = Evaluator.EvaluateTestSplit(dataset, plan, best).Average.Mean;
                string label = method == "full" ? "full labels (upper bound)" : method;
                string fractionText = method == "full" ? "100 %" : $"{fraction} %";
                if (method == "supervised")
                    supervisedDice[fraction] = mean.Dice;
                string delta = method != "full" && supervisedDice.TryGetValue(fraction, out double s) ? $"{(mean.Dice - s) * 100:+0.00;-0.00;0.00}" : "";
                string anchor = Anchors.GetValueOrDefault(method == "full" ? "full" : $"{method}@{fraction}", "—");
                string row = string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {fractionText} | {mean.Dice * 100:0.00} | {delta} | {mean.Jaccard * 100:0.00} | {mean.Hd95Voxels:0.00} | {mean.AsdVoxels:0.00} | {result.SecondsPerIteration:0.000} | {anchor} |");
                rows.Add(row);
                if (o.Out is not null)
                    File.AppendAllText(o.Out, row + "\n"); // row by row: a stopped run keeps what it measured
                Console.WriteLine($"{row}   [{clock.Elapsed.TotalMinutes:0.0} min, best at {result.Best?.Iteration}]");
            }
        }
        string footer = $"\nTotal {clock.Elapsed.TotalMinutes:0.0} min wall; load average at the end: {LoadAverage()}.\n";
        Console.WriteLine();
        Console.Write(header + string.Join("\n", rows) + "\n" + footer);
        if (o.Out is not null)
            File.AppendAllText(o.Out, footer);
        return 0;
    }

    /// <summary>The methods with their schedules scaled to the budget (SPEC lengths are for 15 000–40 000 iterations).</summary>
    private static ITrainingMethod Create(string name, Options o) => name switch
    {
        "mean-teacher" => new MeanTeacher(consistencyStart: o.Iterations / 30),
        "ua-mt" => new UncertaintyAwareMeanTeacher(passes: 4, consistencyStart: o.Iterations / 30),
        "bcp" => new BidirectionalCopyPaste(PreTrain(o)),
        "spc-bcp" => new SpcCopyPaste(preTrainIterations: PreTrain(o)),
        _ => TrainingMethods.Create(name),
    };

    /// <summary>The copy-paste methods' pre-training length: a fraction of the budget (their default: a quarter).</summary>
    private static int PreTrain(Options o) => (int)Math.Round(o.Iterations * o.CopyPastePreTrain);

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private sealed record Options(int Iterations, int Size, int Patch, int Width, int Train, int Test, int Batch, int[] Fractions, string[] Methods, string? Out)
    {
        public double LearningRate { get; init; } = 0.01;
        public int Threads { get; init; } = 1;
        public double CopyPastePreTrain { get; init; } = 0.25;
        public IReadOnlyList<string> Arguments { get; init; } = [];

        public static Options Parse(string[] args)
        {
            var o = new Options(300, 48, 32, 8, 60, 20, 2, [5, 10],
                ["supervised", "full", "mean-teacher", "ua-mt", "bcp", "pccs", "spc-mt", "spc-bcp", "local-contrastive"], null) { Arguments = args };
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                string v = args[i + 1];
                o = args[i] switch
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
                    "--out" => o with { Out = v },
                    _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
                };
            }
            if (o.Patch > o.Size || o.Patch % 16 != 0 || o.Width < 1 || o.Batch < 2 || o.Iterations < 5)
                throw new ArgumentException("Need patch <= size, patch a multiple of 16, width >= 1, batch >= 2 and >= 5 iterations.");
            return o;
        }
    }
}
