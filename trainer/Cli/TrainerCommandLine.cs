// The trainer's command line: one subcommand per stage. Commands whose parts are not built yet are not
// registered; naming one prints a plain message and exits 3 (the launcher's "not available yet").
using System.CommandLine;

namespace PacsSeg.Trainer.Cli;

/// <summary>Builds and runs the <c>train</c> command line.</summary>
public static class TrainerCommandLine
{
    public const int NotAvailableExitCode = 3;

    /// <summary>Stages of issue 6 that need inference, more methods or the uncertainty ranking.</summary>
    public static IReadOnlyList<string> PendingCommands { get; } = ["compare", "suggest"];

    public static RootCommand Build()
    {
        var root = new RootCommand("PacsSeg trainer: phantom data, dataset fingerprint and plan, semi-supervised training.");
        root.Subcommands.Add(PhantomCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ImportDicomCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && PendingCommands.Contains(args[0]))
        {
            Console.Error.WriteLine($"train {args[0]}: not available yet in this version of PacsSeg (available: phantom, plan, fit, evaluate, import-dicom).");
            return NotAvailableExitCode;
        }
        return Build().Parse(args).Invoke();
    }
}
