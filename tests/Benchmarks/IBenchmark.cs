// One benchmark: a program section that measures PacsSeg and its peer in the same run and prints both.
namespace PacsSeg.Benchmarks;

public interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "dicom-read".</summary>
    string Name { get; }

    /// <summary>One line: what is measured and against which peer.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, printing its table; returns a process exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
