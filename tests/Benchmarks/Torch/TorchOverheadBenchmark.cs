// The bridge's own cost, apart from the kernels: (1) one small operator call (a + b on 4-element tensors)
// and (2) the per-step bookkeeping of a mean-teacher step on UNet-2D's parameters (zero_grad, SGD step with
// momentum and weight decay, EMA update of the teacher), PacsSeg vs PyTorch 1.13.1 in one run.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.Optim;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Torch;

public sealed class TorchOverheadBenchmark : IBenchmark
{
    public string Name => "torch-overhead";

    public string Description => "per-call cost of a small op and of zero_grad + SGD step + EMA on UNet-2D, vs PyTorch";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20000;
        int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        double opUs = 0, stepMs = 0;
        AnsiConsole.Status().Start("PacsSeg side...", _ =>
        {
            opUs = MeasureOp(calls, cancellationToken);
            stepMs = MeasureBookkeeping(steps, cancellationToken);
        });
        Console.WriteLine("Running the PyTorch side...");
        var peer = await RunPeerAsync(calls, steps, cancellationToken);
        if (peer is null)
            return 1;
        var table = new Table().AddColumns("case", "PacsSeg", "PyTorch", "ratio");
        table.AddRow("a + b, 4 elements (us/call)", F(opUs), F(peer.Value.Op), F(opUs / peer.Value.Op));
        table.AddRow("zero_grad + SGD + EMA, UNet-2D (ms/step)", F(stepMs), F(peer.Value.Step), F(stepMs / peer.Value.Step));
        AnsiConsole.Write(table);
        Console.WriteLine($"{calls} calls, {steps} steps, median of 5 rounds; {TorchRuntime.NumThreads} threads");
        return 0;
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static double MeasureOp(int calls, CancellationToken ct)
    {
        using var a = Tensor.Ones([4]);
        using var b = Tensor.Ones([4]);
        var rounds = new List<double>();
        for (int r = 0; r < 6; r++)
        {
            ct.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < calls; i += 1000)
            {
                using var scope = DisposeScope.Enter();
                for (int k = 0; k < 1000; k++)
                    _ = a + b;
            }
            sw.Stop();
            if (r > 0)
                rounds.Add(sw.Elapsed.TotalMilliseconds * 1000 / calls);
        }
        rounds.Sort();
        return rounds[rounds.Count / 2];
    }

    private static double MeasureBookkeeping(int steps, CancellationToken ct)
    {
        TorchRuntime.ManualSeed(0);
        using var student = new UNet2D(1, 4);
        using var teacher = new UNet2D(1, 4);
        var sp = student.Parameters().ToArray();
        var tp = teacher.Parameters().ToArray();
        foreach (var p in tp)
            p.RequiresGrad = false;
        using (Autograd.NoGrad())
            foreach (var p in sp)
                p.Grad = p.RandnLike();
        using var sgd = new Sgd(sp, 0.01, momentum: 0.9, weightDecay: 1e-4);
        var rounds = new List<double>();
        for (int r = 0; r < 6; r++)
        {
            ct.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                sgd.ZeroGrad();
                sgd.Step();
                Ema.Update(tp, sp, 0.99);
            }
            sw.Stop();
            if (r > 0)
                rounds.Add(sw.Elapsed.TotalMilliseconds / steps);
        }
        rounds.Sort();
        return rounds[rounds.Count / 2];
    }

    private static async Task<(double Op, double Step)?> RunPeerAsync(int calls, int steps, CancellationToken ct)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            Console.Error.WriteLine("Repository root not found: the PyTorch side's scripts live in the source tree.");
            return null;
        }
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(dir.FullName, "tests", "Benchmarks", "Torch", "torch_overhead.py"),
                     Path.Combine(dir.FullName, "tests", "PacsSeg.Segmentation.Tests", "Networks", "Peer"),
                     TorchRuntime.NumThreads.ToString(CultureInfo.InvariantCulture),
                     calls.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture) })
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
        return (doc.RootElement.GetProperty("op_us").GetDouble(), doc.RootElement.GetProperty("step_ms").GetDouble());
    }
}
