// `render`: one frame headless (EGL), written as PNG. Deterministic: fixed jitter seed, full quality.
using System.CommandLine;
using PacsSeg.Engine.Rendering;
using PacsSeg.Imaging.IO;
using Spectre.Console;

namespace PacsSeg.Viewer;

internal static class RenderCommand
{
    public static Command Create()
    {
        var o = new ViewerOptions();
        var output = new Option<FileInfo>("--out", "-o") { Description = "PNG file to write", Required = true };
        var showHelp = new Option<bool>("--show-help") { Description = "draw the keyboard-shortcut overlay (as H / F1 do in the window)" };
        var command = new Command("render", "Render a view headless to a PNG (deterministic).");
        o.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(showHelp);
        command.SetAction(async (r, ct) =>
        {
            var (w, h) = ViewerOptions.ParseSize(r.GetValue(o.Size)!);
            var file = r.GetValue(output)!;
            var scene = await SceneFactory.LoadAsync(r, o, ct);
            var state = SceneFactory.State(r, o, scene);
            using var renderer = new HeadlessRenderer(scene);
            if (r.GetValue(showHelp))
            {
                state.ShowHelp = true;
                renderer.HelpLines = ViewCommand.HelpLines(Engine.Interaction.InputMap.Default());
            }
            var rgba = renderer.Render(state, w, h);
            if (file.Directory is { Exists: false } dir)
                dir.Create();
            PngWriter.Write(file.FullName, rgba, w, h, 4);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {file.FullName} ({w}x{h}, {state.Layout}, {(state.Mip ? "MIP" : state.Preset.Name)}) on {renderer.Device.Renderer}");
            return 0;
        });
        return command;
    }
}
