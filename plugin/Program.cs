// Entry point. The commands of this program land with issue 7; until then it says so and exits 3,
// which the launcher reports as "not available yet".
namespace PacsSeg.Plugin;

internal static class Program
{
    private static int Main(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("PacsSeg.Plugin: the 'serve / demo' commands are not implemented yet (issue 7).");
        return 3;
    }
}
