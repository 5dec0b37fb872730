// `view`: the interactive window. Main thread: Poll -> Update(dt); render thread: Draw -> Swap.
using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Interaction;
using PacsSeg.Engine.Logging;
using PacsSeg.Engine.Platform;
using PacsSeg.Engine.Rendering;
using PacsSeg.Imaging.IO;
using Spectre.Console;

namespace PacsSeg.Viewer;

internal static class ViewCommand
{
    public static Command Create()
    {
        var o = new ViewerOptions();
        var screenshot = new Option<FileInfo?>("--screenshot") { Description = "write the first full-quality frame to this PNG (and keep running)" };
        var frames = new Option<int>("--frames") { Description = "quit after this many frames (0 = run until closed)" };
        var command = new Command("view", "Open the 3D viewer window on a volume (or --phantom).");
        o.AddTo(command);
        command.Options.Add(screenshot);
        command.Options.Add(frames);
        command.SetAction(async (r, ct) =>
        {
            var (w, h) = ViewerOptions.ParseSize(r.GetValue(o.Size)!);
            var scene = await SceneFactory.LoadAsync(r, o, ct);
            var state = SceneFactory.State(r, o, scene);
            return Run(state, w, h, r.GetValue(screenshot), r.GetValue(frames), o.Logger(r, "PacsSeg.Engine"), ct);
        });
        return command;
    }

    private static int Run(ViewState state, int width, int height, FileInfo? screenshot, int maxFrames, ILogger logger, CancellationToken ct)
    {
        var map = InputMap.Default();
        PrintHelp(map);
        using var window = GlfwWindow.Create(width, height, $"PacsSeg viewer - {state.Scene.Name}");
        var platform = window.Platform;
        using var thread = new RenderThread(platform);
        ShaderLibrary? shaders = null;
        FrameRenderer? renderer = null;
        string gpu = thread.Invoke(d =>
        {
            shaders = new ShaderLibrary(d, ShaderLibrary.FindDirectory(), logger);
            renderer = new FrameRenderer(d, shaders, state.Scene) { HelpLines = HelpLines(map) };
            return $"{d.Renderer}, {d.Version}";
        });
        AnsiConsole.MarkupLineInterpolated($"[grey]{gpu}; shaders from {shaders!.Directory} (hot reload on save)[/]");
        var controller = new ViewerController(state, map);
        var stats = new FrameStats();
        var adaptive = new AdaptiveQuality(targetFps: 10);
        double lastMovingFrame = 0;
        var clock = Stopwatch.StartNew();
        double last = 0, lastTitle = 0, lastReloadCheck = 0, lastStats = 0;
        bool dirty = true, shotTaken = screenshot is null;
        int frameCount = 0;
        try
        {
            while (!window.ShouldClose && !ct.IsCancellationRequested)
            {
                var input = window.Poll();
                double now = clock.Elapsed.TotalSeconds, dt = now - last;
                last = now;
                var (fbWidth, fbHeight) = platform.DrawableSize();
                var (changed, requests) = controller.Update(dt, input, fbWidth, fbHeight);
                dirty |= changed;
                foreach (var request in requests)
                {
                    if (request == InputAction.Quit)
                        window.Close();
                    else if (request == InputAction.Help)
                    {
                        state.ShowHelp = !state.ShowHelp;
                        dirty = true;
                    }
                    else if (request == InputAction.ReloadShaders)
                        dirty |= Reload(thread, shaders, force: true);
                }
                if (now - lastReloadCheck > 0.5)
                {
                    lastReloadCheck = now;
                    dirty |= Reload(thread, shaders, force: false);
                }
                // With --frames every iteration draws, so a scripted run ends after that many frames.
                dirty |= maxFrames > 0;
                if (!dirty || fbWidth <= 0 || fbHeight <= 0)
                {
                    Thread.Sleep(10);
                    continue;
                }
                var quality = controller.Moving ? adaptive.Next(lastMovingFrame) : RenderQuality.Full;
                long start = Stopwatch.GetTimestamp();
                byte[]? pixels = thread.Invoke(d =>
                {
                    renderer!.Render(state, quality, 0, fbWidth, fbHeight);
                    byte[]? shot = null;
                    if (!shotTaken && quality == RenderQuality.Full)
                        shot = ReadBackBuffer(d, fbWidth, fbHeight);
                    platform.Swap();
                    return shot;
                });
                double frameSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                stats.Add(frameSeconds);
                lastMovingFrame = controller.Moving ? frameSeconds : 0;
                if (pixels is not null)
                {
                    PngWriter.Write(screenshot!.FullName, pixels, fbWidth, fbHeight, 4);
                    AnsiConsole.MarkupLineInterpolated($"[green]screenshot[/] {screenshot.FullName}");
                    shotTaken = true;
                }
                dirty = controller.Moving;
                frameCount++;
                if (now - lastStats > 5)
                {
                    lastStats = now;
                    logger.FrameStatistics(frameCount, stats.Fps, stats.MeanSeconds * 1000, stats.Percentile(95) * 1000, controller.Moving ? "moving" : "still");
                }
                if (now - lastTitle > 1)
                {
                    lastTitle = now;
                    window.SetTitle($"PacsSeg viewer - {state.Scene.Name} - {stats} ({(controller.Moving ? "moving" : "still")})");
                }
                if (maxFrames > 0 && frameCount >= maxFrames)
                    break;
            }
        }
        finally
        {
            thread.Invoke(d =>
            {
                renderer?.Dispose();
                shaders.Dispose();
                d.ProcessDeletions();
            });
        }
        logger.FrameStatistics(frameCount, stats.Fps, stats.MeanSeconds * 1000, stats.Percentile(95) * 1000, "at exit");
        return 0;
    }

    private static byte[] ReadBackBuffer(GraphicsDevice d, int w, int h)
    {
        var gl = d.Gl;
        var bottomUp = new byte[w * h * 4];
        gl.BindFramebuffer(GLConst.ReadFramebuffer, 0);
        gl.PixelStore(GLConst.PackAlignment, 1);
        gl.ReadPixels(0, 0, w, h, GLConst.Rgba, GLConst.UnsignedByte, bottomUp);
        var topDown = new byte[bottomUp.Length];
        for (int y = 0; y < h; y++)
            Array.Copy(bottomUp, y * w * 4, topDown, (h - 1 - y) * w * 4, w * 4);
        return topDown;
    }

    private static bool Reload(RenderThread thread, ShaderLibrary shaders, bool force)
    {
        // The library logs the outcome (reloaded, or failed and kept the previous programs).
        var (changed, _) = thread.Invoke(_ =>
        {
            string? e = shaders.ReloadIfChanged(out bool c);
            return (c, e);
        });
        return changed || force;
    }

    public static string[] HelpLines(InputMap map)
    {
        int keyWidth = map.Help.Max(h => h.Key.Length);
        return [.. map.Help.Select(h => $"{h.Key.PadRight(keyWidth)}  {h.What}")];
    }

    private static void PrintHelp(InputMap map)
    {
        var table = new Table().Title("PacsSeg viewer controls").AddColumn("input").AddColumn("action");
        foreach (var (key, what) in map.Help)
            table.AddRow(Markup.Escape(key), Markup.Escape(what));
        AnsiConsole.Write(table);
    }
}
