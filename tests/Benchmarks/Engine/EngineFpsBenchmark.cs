// Frames per second of the raymarcher at 512x512 on the phantom, per feature set, still (full
// quality) and interacting (progressive quality, camera orbiting every frame). The peer is the
// raw probe recorded in shared/ENGINE-NOTES.md (same machine class, same Mesa llvmpipe).
using System.Globalization;
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Interaction;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.IO;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Engine;

public sealed class EngineFpsBenchmark : IBenchmark
{
    public string Name => "engine-fps";

    public string Description => "raymarcher fps at 512x512, 128^3 and 256^3, per overlay set, still and interacting; peer: ENGINE-NOTES probe";

    private sealed record Mode(string Name, Action<ViewState> Apply, double? Peer128, double? Peer256);

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        int size = 512, frames = 5;
        string? shots = null;
        var volumes = new List<int> { 128, 256 };
        for (int n = 0; n < args.Length; n++)
        {
            switch (args[n])
            {
                case "--frames": frames = int.Parse(args[++n], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[++n], CultureInfo.InvariantCulture); break;
                case "--volumes": volumes = args[++n].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList(); break;
                case "--screenshots": shots = args[++n]; break;
                default:
                    Console.Error.WriteLine($"usage: engine-fps [--frames N] [--size PIXELS] [--volumes 128,256] [--screenshots DIR]; unknown '{args[n]}'");
                    return Task.FromResult(2);
            }
        }
        var modes = new List<Mode>
        {
            new("plain, no skipping (probe-like)", s => s.EmptySpaceSkipping = false, 4.5, 2.0),
            new("plain", _ => { }, 4.5, 2.0),
            new("+labels", s => s.ShowLabels = true, 3.2, 1.45),
            new("+labels+uncertainty", s => { s.ShowLabels = true; s.ShowUncertainty = true; }, null, null),
            new("+labels+uncertainty+shading", s => { s.ShowLabels = true; s.ShowUncertainty = true; s.Shading = true; }, 3.7, 1.75),
            new("MIP+labels+uncertainty", s => { s.Mip = true; s.ShowLabels = true; s.ShowUncertainty = true; }, null, null),
        };
        var scales = new List<double>();
        var table = new Table().AddColumns("volume", "mode", "PacsSeg still fps", "PacsSeg interacting fps", "probe fps (peer)");
        var phantom = new Phantom();
        AnsiConsole.MarkupLine($"[grey]{size}x{size}, {frames} timed frames after one warm-up, glFinish per frame; interacting = adaptive resolution aiming at 10 fps, step x2, camera orbiting[/]");
        foreach (int n in volumes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ViewerScene scene = null!;
            AnsiConsole.Status().Start($"building {n}^3 phantom", _ => scene = phantom.Build(phantom.Grid(n)));
            using var renderer = new HeadlessRenderer(scene);
            foreach (var mode in modes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var state = new ViewState(scene, ViewDirection.Anterior);
                mode.Apply(state);
                state.Camera.Orbit(0.5, -0.3);
                renderer.TimeFrames(state, size, size, 1);
                double still = Fps(renderer.TimeFrames(state, size, size, frames));
                // Interacting as the viewer does it: adaptive resolution aiming at 10 fps, camera orbiting each frame.
                var adaptive = new AdaptiveQuality(targetFps: 10);
                var moving = new List<double>();
                double last = 0;
                for (int f = 0; f < frames * 4; f++)
                {
                    state.Camera.Orbit(0.05, 0);
                    last = renderer.TimeFrames(state, size, size, 1, adaptive.Next(last))[0];
                    moving.Add(last);
                }
                double interacting = Fps(moving.Skip(frames).ToArray());
                scales.Add(adaptive.Current.ResolutionScale);
                double? peer = n == 128 ? mode.Peer128 : n == 256 ? mode.Peer256 : null;
                table.AddRow($"{n}^3", mode.Name, still.ToString("F2", CultureInfo.InvariantCulture), interacting.ToString("F2", CultureInfo.InvariantCulture),
                    peer?.ToString("F2", CultureInfo.InvariantCulture) ?? "-");
                if (shots is not null && n == volumes[0])
                {
                    Directory.CreateDirectory(shots);
                    var s2 = new ViewState(scene, ViewDirection.Anterior);
                    mode.Apply(s2);
                    s2.Camera.Orbit(0.5, -0.3);
                    string file = Path.Combine(shots, "engine-" + new string(mode.Name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant() + ".png");
                    PngWriter.Write(file, renderer.Render(s2, 256, 256), 256, 256, 4);
                }
            }
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"[grey]interactive resolution scale settled at {string.Join(", ", scales.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} (row order), step x2[/]");
        if (File.Exists("/proc/loadavg"))
            AnsiConsole.MarkupLineInterpolated($"[grey]load average during the run: {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores (the probe ran on an idle machine)[/]");
        AnsiConsole.MarkupLine("[grey]probe rows: plain and +labels as measured; the probe's shading row is its precomputed-gradient variant without labels.[/]");
        return Task.FromResult(0);
    }

    private static double Fps(double[] seconds) => seconds.Length / seconds.Sum();
}
