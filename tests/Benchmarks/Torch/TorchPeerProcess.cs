// The PyTorch side of the 'torch' benchmark as a long-lived process (torch_bench.py): asked for one iteration
// of a case at a time, it answers with that iteration's seconds.
using System.Diagnostics;
using System.Globalization;

namespace PacsSeg.Benchmarks.Torch;

internal sealed class TorchPeerProcess : IAsyncDisposable
{
    private readonly Process process;

    private TorchPeerProcess(Process process, string version)
    {
        this.process = process;
        Version = version;
    }

    /// <summary>PyTorch's version as the peer reports it.</summary>
    public string Version { get; }

    /// <summary>Starts the peer and waits until its models are built; null (with the reason printed) when it fails.</summary>
    public static async Task<TorchPeerProcess?> StartAsync(int threads, CancellationToken ct)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            Console.Error.WriteLine("Repository root not found: the PyTorch side's scripts live in the source tree.");
            return null;
        }
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        psi.ArgumentList.Add(Path.Combine(dir.FullName, "tests", "Benchmarks", "Torch", "torch_bench.py"));
        psi.ArgumentList.Add(Path.Combine(dir.FullName, "tests", "PacsSeg.Segmentation.Tests", "Networks", "Peer"));
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        var p = Process.Start(psi);
        if (p is null)
        {
            Console.Error.WriteLine("PyTorch side did not start (/usr/bin/python3).");
            return null;
        }
        string? ready = await p.StandardOutput.ReadLineAsync(ct);
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"PyTorch side failed to start: {ready ?? "no output"}");
            p.Kill(entireProcessTree: true);
            p.Dispose();
            return null;
        }
        return new TorchPeerProcess(p, ready.Split(' ')[1]);
    }

    /// <summary>Runs one iteration of case "a" or "b" on the PyTorch side; its wall and CPU seconds.</summary>
    public async Task<(double Wall, double Cpu)> RunAsync(string caseName, CancellationToken ct)
    {
        await process.StandardInput.WriteLineAsync(caseName.AsMemory(), ct);
        await process.StandardInput.FlushAsync(ct);
        string line = await process.StandardOutput.ReadLineAsync(ct)
            ?? throw new InvalidOperationException("the PyTorch side ended early");
        string[] parts = line.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await process.StandardInput.WriteLineAsync("quit");
                await process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
        }
    }
}
