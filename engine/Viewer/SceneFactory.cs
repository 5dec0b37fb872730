// Builds the scene and view state the commands ask for.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;

namespace PacsSeg.Viewer;

internal static class SceneFactory
{
    /// <summary>The loaders this build has (a DICOM series folder reads DICOM SEG and Parametric Map overlays too).</summary>
    public static SceneLoader Loader(ILogger? logger = null) => new([new NiftiSceneSource(), new DicomSeriesSceneSource()], logger);

    public static async Task<ViewerScene> LoadAsync(ParseResult r, ViewerOptions o, CancellationToken ct)
    {
        var logger = o.Logger(r, "PacsSeg.Engine.Scene");
        var paths = r.GetValue(o.Paths) ?? [];
        if (r.GetValue(o.Phantom) || paths.Length == 0)
        {
            int n = r.GetValue(o.PhantomSize);
            if (n < 8 || n > 512)
                throw new ArgumentException($"--phantom-size must be 8..512, got {n}.");
            var phantom = new Phantom();
            return phantom.Build(phantom.Grid(n));
        }
        return await Loader(logger).LoadAsync(paths, ct).ConfigureAwait(false);
    }

    public static ViewState State(ParseResult r, ViewerOptions o, ViewerScene scene)
    {
        var s = new ViewState(scene, r.GetValue(o.View))
        {
            Layout = ViewerOptions.ParseLayout(r.GetValue(o.Layout)!),
            Mip = r.GetValue(o.Mode)?.ToLowerInvariant() switch
            {
                "mip" => true,
                "composite" => false,
                var m => throw new ArgumentException($"--mode must be composite or mip, got '{m}'."),
            },
            ShowLabels = r.GetValue(o.Labels) || r.GetValue(o.Outline),
            LabelOutline = r.GetValue(o.Outline),
            ShowUncertainty = r.GetValue(o.Uncertainty),
            UncertaintyThreshold = Math.Clamp(r.GetValue(o.Threshold), 0, 0.99),
            Shading = r.GetValue(o.Shading),
        };
        if (r.GetValue(o.Preset) is { } preset)
            s.ApplyPreset(TransferFunctionPreset.ByName(preset));
        if (r.GetValue(o.Window) is double w)
            s.Window = w;
        if (r.GetValue(o.Level) is double l)
            s.Level = l;
        return s;
    }
}
