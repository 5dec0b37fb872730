// Entry point. The commands of this program land with issue 8; until then it says so and exits 3,
// which the launcher reports as "not available yet".
namespace PacsSeg.Viewer;

internal static class Program
{
    private static int Main(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("PacsSeg.Viewer: the 'view / render' commands are not implemented yet (issue 8).");
        return 3;
    }
}
