// PacsSeg's torch bridge against PyTorch 1.13.1 on the same libtorch, in one run: (a) VNet-3D eval forward,
// batch 1, 96^3; (b) UNet-2D mean-teacher training step, batch 8 (4 labeled + 4 unlabeled), 128x128.
// The PyTorch side runs as a second process that takes one iteration at a time, so PacsSeg's and PyTorch's
// iterations alternate and see the same machine load (this machine is shared). Prints median times, the
// ratio of the medians and the median of the per-pair ratios, the thread count, the load average and the BLAS.
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Torch;

public sealed class TorchBenchmark : IBenchmark
{
    private const int Classes = 4;
    private const int WarmUps = 2;

    public string Name => "torch";

    public string Description => "VNet-3D forward 96^3 and UNet-2D mean-teacher step, PacsSeg vs PyTorch 1.13.1 (interleaved)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // Arguments: repeats for (a) and (b); 0 skips that case.
        int repeatsA = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int repeatsB = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        string blas = ResolveBlas();
        int threads = TorchRuntime.NumThreads;
        Console.WriteLine($"libtorch {TorchRuntime.Version}, {threads} intra-op threads, libblas.so.3 -> {blas}");
        string loadBefore = BenchmarkText.LoadAverage();

        await using var peer = await TorchPeerProcess.StartAsync(threads, cancellationToken);
        if (peer is null)
            return 1;
        var table = new Table().AddColumns("case", "PacsSeg s", "PyTorch s", "ratio", "pair", "CPU", "goal");
        if (repeatsA > 0)
        {
            using var vnet = new VNetForward();
            var (ours, theirs) = await InterleaveAsync("(a) VNet-3D forward", repeatsA, vnet.RunOnce, peer, "a", cancellationToken);
            AddRow(table, "(a) VNet-3D fwd 96^3", ours, theirs, "<= 1.00");
        }
        if (repeatsB > 0)
        {
            using var mt = new MeanTeacherStep();
            var (ours, theirs) = await InterleaveAsync("(b) UNet-2D MT step", repeatsB, mt.RunOnce, peer, "b", cancellationToken);
            AddRow(table, "(b) UNet-2D MT step", ours, theirs, "<= 1.05");
        }
        AnsiConsole.Write(table);
        Console.WriteLine($"PyTorch {peer.Version}. ratio = median PacsSeg / median PyTorch (wall); pair = median of the " +
                          "per-pair wall ratios; CPU = ratio of median process CPU seconds (threads spinning included).");
        Console.WriteLine($"(a) 1x1x96^3 eval; (b) 8x1x128^2 (4 labeled + 4 unlabeled), student + EMA teacher. " +
                          $"Median of {repeatsA} (a) and {repeatsB} (b) interleaved pairs after {WarmUps} warm-ups; " +
                          $"BLAS {blas}; threads {threads}; load average {loadBefore} before, {BenchmarkText.LoadAverage()} after");
        return 0;
    }

    private static void AddRow(Table table, string name, List<(double Wall, double Cpu)> ours,
        List<(double Wall, double Cpu)> theirs, string goal)
    {
        var ratios = ours.Zip(theirs, (o, t) => o.Wall / t.Wall).ToList();
        double mo = Median(ours.Select(o => o.Wall)), mt = Median(theirs.Select(t => t.Wall));
        double co = Median(ours.Select(o => o.Cpu)), ct = Median(theirs.Select(t => t.Cpu));
        table.AddRow(name, F(mo), F(mt), F(mo / mt), F(Median(ratios)), F(co / ct), goal);
    }

    /// <summary>Warm-ups, then one PacsSeg iteration and one PyTorch iteration in turn.</summary>
    private static async Task<(List<(double Wall, double Cpu)> Ours, List<(double Wall, double Cpu)> Theirs)> InterleaveAsync(
        string label, int repeats, Func<double> ours, TorchPeerProcess peer, string peerCase, CancellationToken ct)
    {
        var o = new List<(double Wall, double Cpu)>();
        var t = new List<(double Wall, double Cpu)>();
        using var self = Process.GetCurrentProcess();
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask(label, maxValue: repeats + WarmUps);
            for (int i = 0; i < repeats + WarmUps; i++)
            {
                ct.ThrowIfCancellationRequested();
                self.Refresh();
                var cpu0 = self.TotalProcessorTime;
                double wall = ours();
                if (i == 0)
                    // The awaits move the loop between pool threads: report libtorch's view from where it ran.
                    Console.WriteLine($"{label}: {TorchRuntime.NumThreads} intra-op threads on the measuring thread " +
                                      $"{Environment.CurrentManagedThreadId}");
                self.Refresh();
                var mine = (wall, (self.TotalProcessorTime - cpu0).TotalSeconds);
                var theirs = await peer.RunAsync(peerCase, ct);
                if (i >= WarmUps)
                {
                    o.Add(mine);
                    t.Add(theirs);
                }
                task.Increment(1);
            }
        });
        return (o, t);
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        if (v.Count == 0)
            return double.NaN;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    /// <summary>(a): the VNet in eval mode on one 96^3 volume, under inference mode.</summary>
    private sealed class VNetForward : IDisposable
    {
        private readonly VNet3D vnet;
        private readonly Tensor x;

        public VNetForward()
        {
            TorchRuntime.ManualSeed(0);
            vnet = new VNet3D(1, 2, hasDropout: true);
            vnet.Eval();
            x = Tensor.Randn([1, 1, 96, 96, 96]);
        }

        public double RunOnce()
        {
            var sw = Stopwatch.StartNew();
            using (Autograd.InferenceMode())
            using (var scope = DisposeScope.Enter())
                vnet.Forward(x);
            return sw.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            vnet.Dispose();
            x.Dispose();
        }
    }

    /// <summary>(b): supervised CE + Dice on the labeled half, MSE consistency with the EMA teacher on the
    /// noisy unlabeled half, SGD step, EMA update.</summary>
    private sealed class MeanTeacherStep : IDisposable
    {
        private readonly UNet2D student, teacher;
        private readonly Tensor[] studentParams, teacherParams;
        private readonly Sgd sgd;
        private readonly Tensor x, y, unlabeled;

        public MeanTeacherStep()
        {
            TorchRuntime.ManualSeed(0);
            student = new UNet2D(1, Classes);
            teacher = new UNet2D(1, Classes);
            student.Train();
            teacher.Train();
            foreach (var p in teacher.Parameters())
                p.RequiresGrad = false;
            studentParams = student.Parameters().ToArray();
            teacherParams = teacher.Parameters().ToArray();
            sgd = new Sgd(studentParams, 0.01, momentum: 0.9, weightDecay: 1e-4);
            x = Tensor.Randn([8, 1, 128, 128]);
            y = Tensor.RandInt(0, Classes, [4, 128, 128]);
            unlabeled = x.Slice(0, 4, 8);
        }

        public double RunOnce()
        {
            var sw = Stopwatch.StartNew();
            using (var scope = DisposeScope.Enter())
            {
                var noise = (unlabeled.RandnLike() * 0.1).Clamp(-0.2, 0.2);
                using var output = student.Forward(x);
                var soft = Functional.Softmax(output.Logits, 1);
                Tensor teacherSoft;
                using (Autograd.NoGrad())
                using (var t = teacher.Forward(unlabeled + noise))
                    teacherSoft = Functional.Softmax(t.Logits, 1);
                var logitsL = output.Logits.Slice(0, 0, 4);
                var supervised = 0.5 * (Functional.CrossEntropy(logitsL, y) + DiceLoss(soft.Slice(0, 0, 4), y));
                var consistency = (soft.Slice(0, 4, 8) - teacherSoft).Square().Mean();
                var loss = supervised + 0.1 * consistency;
                sgd.ZeroGrad();
                loss.Backward();
                sgd.Step();
                Ema.Update(teacherParams, studentParams, 0.99);
            }
            return sw.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            sgd.Dispose();
            student.Dispose();
            teacher.Dispose();
            x.Dispose();
            y.Dispose();
            unlabeled.Dispose();
        }
    }

    /// <summary>SSL4MIS DiceLoss: mean over classes of 1 - (2 sum(p g) + s) / (sum(p^2) + sum(g^2) + s).</summary>
    private static Tensor DiceLoss(Tensor soft, Tensor target)
    {
        var onehot = target.OneHot(Classes).Permute(0, 3, 1, 2).Float();
        Tensor? loss = null;
        for (int c = 0; c < Classes; c++)
        {
            var s = soft.Select(1, c);
            var t = onehot.Select(1, c);
            var term = 1 - (2 * (s * t).Sum() + 1e-5) / ((s * s).Sum() + (t * t).Sum() + 1e-5);
            loss = loss is null ? term : loss + term;
        }
        return loss! / Classes;
    }

    private static string ResolveBlas()
    {
        const string link = "/usr/lib/x86_64-linux-gnu/libblas.so.3";
        try
        {
            var target = File.ResolveLinkTarget(link, returnFinalTarget: true);
            return target?.FullName ?? link;
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
