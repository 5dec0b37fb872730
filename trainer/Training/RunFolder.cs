// runs/<method>__<plan>__<fold>/: config, log, curves and checkpoints of one training run.
using PacsSeg.Trainer.Data;

namespace PacsSeg.Trainer.Training;

/// <summary>The folder of one run and the paths inside it.</summary>
public sealed class RunFolder
{
    private RunFolder(string path) => Path = path;

    public string Path { get; }
    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");
    public string LogFile => System.IO.Path.Combine(Path, "log.csv");
    public string ValidationFile => System.IO.Path.Combine(Path, "validation.csv");
    public string CurvesFile => System.IO.Path.Combine(Path, "curves.png");
    public string CheckpointDirectory => System.IO.Path.Combine(Path, "checkpoints");

    /// <summary>Creates (or reopens) <c>runsRoot/method__plan__fold</c>; the parts must be plain names.</summary>
    public static RunFolder Create(string runsRoot, string method, string plan, int fold)
    {
        ArgumentNullException.ThrowIfNull(runsRoot);
        foreach (var (part, what) in new[] { (method, "method"), (plan, "plan") })
        {
            if (!DatasetFolder.IsValidId(part))
                throw new ArgumentException($"The {what} name '{part}' is not [A-Za-z0-9_-]+.");
        }
        if (fold < 0)
            throw new ArgumentOutOfRangeException(nameof(fold), fold, "fold must be non-negative");
        var folder = new RunFolder(System.IO.Path.Combine(runsRoot, $"{method}__{plan}__{fold}"));
        Directory.CreateDirectory(folder.CheckpointDirectory);
        return folder;
    }
}
