// Entry point of `./pacsseg train ...`.
using PacsSeg.Trainer.Cli;

namespace PacsSeg.Trainer;

internal static class Program
{
    private static int Main(string[] args) => TrainerCommandLine.Run(args);
}
