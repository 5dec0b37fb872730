// Benchmark runner: `./pacsseg bench` lists the benchmarks, `./pacsseg bench NAME [args]` runs one,
// `./pacsseg bench all` runs them all. Each benchmark is a class implementing IBenchmark.
using System.Reflection;

namespace PacsSeg.Benchmarks;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var benchmarks = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

        if (args.Length == 0 || args[0] is "--help" or "-h" or "list")
        {
            Console.WriteLine("Usage: ./pacsseg bench NAME [ARGS...] | all");
            Console.WriteLine("Benchmarks (each prints PacsSeg and its peer side by side):");
            foreach (var b in benchmarks)
                Console.WriteLine($"  {b.Name,-22} {b.Description}");
            if (benchmarks.Count == 0)
                Console.WriteLine("  (none yet)");
            return 0;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var selected = args[0] == "all" ? benchmarks : benchmarks.Where(b => b.Name == args[0]).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Run './pacsseg bench --help' for the list.");
            return 2;
        }
        int rc = 0;
        foreach (var b in selected)
        {
            Console.WriteLine($"== {b.Name}: {b.Description}");
            try
            {
                rc |= await b.RunAsync(args.Skip(1).ToArray(), cts.Token);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                // Bad arguments (or values the benchmark refuses): the message, not a stack trace.
                Console.Error.WriteLine($"bench {b.Name}: {e.Message}");
                return 2;
            }
        }
        return rc;
    }
}
