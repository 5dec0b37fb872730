// PacsSeg's torch bridge against PyTorch 1.13.1 on the same libtorch, in one run: (a) VNet-3D eval forward,
// batch 1, 96^3; (b) UNet-2D mean-teacher training step, batch 8 (4 labeled + 4 unlabeled), 128x128.
// Prints median times, the ratio PacsSeg / PyTorch, the thread count and the BLAS libblas.so.3 resolves to.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Torch;

public sealed class TorchBenchmark : IBenchmark
{
    private const int Classes = 4;

    public string Name => "torch";

    public string Description => "VNet-3D forward 96^3 and UNet-2D mean-teacher step, PacsSeg vs PyTorch 1.13.1";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // Arguments: repeats for (a) and (b); 0 skips that case.
        int repeatsA = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int repeatsB = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        string blas = ResolveBlas();
        int threads = TorchRuntime.NumThreads;
        Console.WriteLine($"libtorch {TorchRuntime.Version}, {threads} intra-op threads, libblas.so.3 -> {blas}");

        double oursA = 0, oursB = 0;
        AnsiConsole.Progress().Start(ctx =>
        {
            var a = ctx.AddTask("PacsSeg (a) VNet-3D forward", maxValue: repeatsA + 2);
            if (repeatsA > 0)
                oursA = MeasureVNetForward(repeatsA, () => a.Increment(1), cancellationToken);
            var b = ctx.AddTask("PacsSeg (b) UNet-2D MT step", maxValue: repeatsB + 2);
            if (repeatsB > 0)
                oursB = MeasureMeanTeacherStep(repeatsB, () => b.Increment(1), cancellationToken);
        });

        Console.WriteLine("Running the PyTorch side...");
        var peer = await RunPeerAsync(threads, repeatsA, repeatsB, cancellationToken);
        if (peer is null)
            return 1;
        var (theirsA, theirsB, version) = peer.Value;

        var table = new Table().AddColumns("case", "PacsSeg (s)", $"PyTorch {version} (s)", "ratio", "goal");
        if (repeatsA > 0)
            table.AddRow("(a) VNet-3D eval forward, 1x1x96^3", F(oursA), F(theirsA), F(oursA / theirsA), "<= 1.00");
        if (repeatsB > 0)
            table.AddRow("(b) UNet-2D MT train step, 8x1x128^2", F(oursB), F(theirsB), F(oursB / theirsB), "<= 1.05");
        AnsiConsole.Write(table);
        Console.WriteLine($"median of {repeatsA} (a) and {repeatsB} (b) runs after 2 warm-ups; BLAS {blas}; threads {threads}");
        return 0;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static double Median(List<double> v)
    {
        if (v.Count == 0)
            return double.NaN;
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    private static double MeasureVNetForward(int repeats, Action tick, CancellationToken ct)
    {
        TorchRuntime.ManualSeed(0);
        using var vnet = new VNet3D(1, 2, hasDropout: true);
        vnet.Eval();
        using var x = Tensor.Randn([1, 1, 96, 96, 96]);
        var times = new List<double>();
        for (int i = 0; i < repeats + 2; i++)
        {
            ct.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            using (Autograd.InferenceMode())
            using (var scope = DisposeScope.Enter())
                vnet.Forward(x);
            sw.Stop();
            if (i >= 2)
                times.Add(sw.Elapsed.TotalSeconds);
            tick();
        }
        return Median(times);
    }

    private static double MeasureMeanTeacherStep(int repeats, Action tick, CancellationToken ct)
    {
        TorchRuntime.ManualSeed(0);
        using var student = new UNet2D(1, Classes);
        using var teacher = new UNet2D(1, Classes);
        student.Train();
        teacher.Train();
        foreach (var p in teacher.Parameters())
            p.RequiresGrad = false;
        var studentParams = student.Parameters().ToArray();
        var teacherParams = teacher.Parameters().ToArray();
        using var sgd = new Sgd(studentParams, 0.01, momentum: 0.9, weightDecay: 1e-4);
        using var x = Tensor.Randn([8, 1, 128, 128]);
        using var y = Tensor.RandInt(0, Classes, [4, 128, 128]);
        using var unlabeled = x.Slice(0, 4, 8);
        using var labeledX = x.Slice(0, 0, 4);
        var times = new List<double>();
        for (int i = 0; i < repeats + 2; i++)
        {
            ct.ThrowIfCancellationRequested();
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
                using (Autograd.NoGrad())
                    for (int k = 0; k < teacherParams.Length; k++)
                        teacherParams[k].MulInPlace(0.99).AddInPlace(studentParams[k], 0.01);
            }
            sw.Stop();
            if (i >= 2)
                times.Add(sw.Elapsed.TotalSeconds);
            tick();
        }
        return Median(times);
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

    private static async Task<(double A, double B, string Version)?> RunPeerAsync(int threads, int repeatsA, int repeatsB,
        CancellationToken ct)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            Console.Error.WriteLine("Repository root not found: the PyTorch side's scripts live in the source tree.");
            return null;
        }
        string script = Path.Combine(dir.FullName, "tests", "Benchmarks", "Torch", "torch_bench.py");
        string netsDir = Path.Combine(dir.FullName, "tests", "PacsSeg.Segmentation.Tests", "Networks", "Peer");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, netsDir, threads.ToString(CultureInfo.InvariantCulture),
                     repeatsA.ToString(CultureInfo.InvariantCulture), repeatsB.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(ct);
        string stdout = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"PyTorch side failed: {await stderr}");
            return null;
        }
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var r = doc.RootElement;
        return (Number(r.GetProperty("a")), Number(r.GetProperty("b")), r.GetProperty("torch").GetString() ?? "?");
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
}
