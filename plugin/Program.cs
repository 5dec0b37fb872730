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
        // Ctrl+C cancels the command's token; the demo then stops Orthanc and the plugin host, which can take
        // longer than System.CommandLine's default of 2 s before it ends the process regardless.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }
}
