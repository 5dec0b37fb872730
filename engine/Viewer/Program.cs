// PacsSeg.Viewer: `view PATH...` opens the interactive window, `render ... --out file.png` draws headless.
using System.CommandLine;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Platform;
using PacsSeg.Engine.Scene;

namespace PacsSeg.Viewer;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("PacsSeg viewer: volume rendering with segmentation and uncertainty overlays.");
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(ViewCommand.Create());
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ArgumentException or SceneException or PlatformException or GraphicsException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
