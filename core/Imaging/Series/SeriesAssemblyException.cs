// Thrown when slices do not form one regular volume; Problem says which rule failed.
namespace PacsSeg.Imaging.Series;

public sealed class SeriesAssemblyException : Exception
{
    public SeriesAssemblyException(SeriesProblem problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    public SeriesAssemblyException(SeriesProblem problem, string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = problem;
    }

    public SeriesProblem Problem { get; }
}
