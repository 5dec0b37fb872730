// Entry point of the PACS plugin: `serve` runs the service, `demo` runs the end-to-end demonstration.
using System.CommandLine;
using PacsSeg.Plugin.Commands;

namespace PacsSeg.Plugin;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var root = new RootCommand("PacsSeg PACS plugin: receives studies, segments them with uncertainty, sends the results back.")
        {
            ServeCommand.Create(),
            DemoCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
