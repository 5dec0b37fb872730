// Entry point. The commands of this program land with issue 6; until then it says so and exits 3,
// which the launcher reports as "not available yet".
namespace PacsSeg.Trainer;

internal static class Program
{
    private static int Main(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("PacsSeg.Trainer: the 'train' commands are not implemented yet (issue 6).");
        return 3;
    }
}
