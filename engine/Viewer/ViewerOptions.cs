// Options shared by the `view` and `render` commands.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Rendering;

namespace PacsSeg.Viewer;

internal sealed class ViewerOptions
{
    public Argument<string[]> Paths { get; } = new("paths") { Arity = ArgumentArity.ZeroOrMore, Description = "image (NIfTI / DICOM series folder), then optional labels (DICOM SEG or NIfTI) and uncertainty (DICOM Parametric Map or NIfTI)" };
    public Option<bool> Phantom { get; } = new("--phantom") { Description = "show the built-in synthetic CT phantom (with labels and uncertainty)" };
    public Option<int> PhantomSize { get; } = new("--phantom-size") { Description = "phantom voxels per side", DefaultValueFactory = _ => 128 };
    public Option<string> Size { get; } = new("--size") { Description = "image or window size WxH", DefaultValueFactory = _ => "512x512" };
    public Option<ViewDirection> View { get; } = new("--view") { Description = "anterior|posterior|left|right|superior|inferior", DefaultValueFactory = _ => ViewDirection.Anterior };
    public Option<string> Layout { get; } = new("--layout") { Description = "3d|axial|coronal|sagittal|2x2", DefaultValueFactory = _ => "3d" };
    public Option<string> Mode { get; } = new("--mode") { Description = "composite|mip", DefaultValueFactory = _ => "composite" };
    public Option<string?> Preset { get; } = new("--preset") { Description = "ct-bone|ct-soft-tissue|ct-angio|mr-default" };
    public Option<bool> Labels { get; } = new("--labels") { Description = "show segmentation labels" };
    public Option<bool> Outline { get; } = new("--outline") { Description = "labels as outlines" };
    public Option<bool> Uncertainty { get; } = new("--uncertainty") { Description = "show the uncertainty overlay" };
    public Option<double> Threshold { get; } = new("--uncertainty-threshold") { Description = "uncertainty shown above this (0..1)", DefaultValueFactory = _ => 0.3 };
    public Option<bool> Shading { get; } = new("--shading") { Description = "gradient shading" };
    public Option<double?> Window { get; } = new("--window") { Description = "transfer-function window (data units)" };
    public Option<double?> Level { get; } = new("--level") { Description = "transfer-function level (data units)" };
    public Option<string> LogLevel { get; } = new("--log-level") { Description = "log to the console from: trace|debug|information|warning|error|none", DefaultValueFactory = _ => "information" };

    /// <summary>A console logger for <paramref name="category"/> at the level --log-level asks for.</summary>
    public ILogger Logger(ParseResult r, string category)
    {
        string text = r.GetValue(LogLevel)!;
        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(text, ignoreCase: true, out var level) || !Enum.IsDefined(level))
            throw new ArgumentException($"--log-level must be trace, debug, information, warning, error or none, got '{text}'.");
        return new ConsoleLogger(category, level);
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var o in new Option[] { Phantom, PhantomSize, Size, View, Layout, Mode, Preset, Labels, Outline, Uncertainty, Threshold, Shading, Window, Level, LogLevel })
            command.Options.Add(o);
    }

    public static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int w) || !int.TryParse(parts[1], out int h) || w < 16 || h < 16 || w > 8192 || h > 8192)
            throw new ArgumentException($"--size must be WxH with 16..8192 pixels per side, got '{text}'.");
        return (w, h);
    }

    public static ViewLayout ParseLayout(string text) => text.ToLowerInvariant() switch
    {
        "3d" or "1x1" => ViewLayout.Volume3D,
        "axial" => ViewLayout.Axial,
        "coronal" => ViewLayout.Coronal,
        "sagittal" => ViewLayout.Sagittal,
        "2x2" => ViewLayout.Grid2x2,
        _ => throw new ArgumentException($"--layout must be 3d, axial, coronal, sagittal or 2x2, got '{text}'."),
    };
}
