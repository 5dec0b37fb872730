// The trainer's command line: one subcommand per stage.
using System.CommandLine;

namespace PacsSeg.Trainer.Cli;

/// <summary>Builds and runs the <c>train</c> command line.</summary>
public static class TrainerCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("PacsSeg trainer: phantom data, dataset fingerprint and plan, semi-supervised training, comparison and what to label next.");
        root.Subcommands.Add(PhantomCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(SuggestCommand.Create());
        root.Subcommands.Add(ImportDicomCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Build().Parse(args).Invoke();
    }
}
