// Everything the user can change about what is drawn. Mutated by the viewer's input actions or the
// render command's options; read by FrameRenderer each frame.
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Rendering;

/// <summary>View settings of one scene.</summary>
public sealed class ViewState
{
    public ViewState(ViewerScene scene, ViewDirection view = ViewDirection.Anterior)
    {
        Scene = scene ?? throw new ArgumentNullException(nameof(scene));
        Camera = OrbitCamera.Fit(scene.Intensity.Geometry, view);
        Crosshair = Camera.Target;
        Labels = scene.LabelInfos.ToList();
        ApplyPreset(scene.LooksLikeCt ? TransferFunctionPreset.CtSoftTissue : TransferFunctionPreset.MrDefault);
        if (scene.LooksLikeCt)
            (MprWindow, MprLevel) = (400, 40);
        else
            (MprWindow, MprLevel) = (scene.IntensityMax - scene.IntensityMin, (scene.IntensityMax + scene.IntensityMin) / 2);
    }

    public ViewerScene Scene { get; }
    public OrbitCamera Camera { get; set; }
    public Vec3 Crosshair { get; set; }
    public ViewLayout Layout { get; set; } = ViewLayout.Volume3D;
    public bool Mip { get; set; }
    public TransferFunctionPreset Preset { get; private set; } = TransferFunctionPreset.CtSoftTissue;
    /// <summary>Window and level of the 3D transfer function (data units).</summary>
    public double Window { get; set; }
    public double Level { get; set; }
    /// <summary>Window and level of the MPR greyscale (and the MIP).</summary>
    public double MprWindow { get; set; }
    public double MprLevel { get; set; }
    public bool ShowLabels { get; set; }
    /// <summary>Draws the keyboard shortcuts over the frame (H / F1 toggle it in the window).</summary>
    public bool ShowHelp { get; set; }
    public bool LabelOutline { get; set; }
    public bool ShowUncertainty { get; set; }
    public bool Shading { get; set; }
    public bool EmptySpaceSkipping { get; set; } = true;
    public double UncertaintyThreshold { get; set; } = 0.3;
    public double UncertaintyBlend { get; set; } = 0.8;
    public double LabelFillOpacity { get; set; } = 0.45;
    /// <summary>Clip box in texture coordinates of the volume (0..1 on each axis).</summary>
    public Vec3 ClipMin { get; set; } = Vec3.Zero;
    public Vec3 ClipMax { get; set; } = new(1, 1, 1);
    /// <summary>Sample step in voxels (of the smallest spacing).</summary>
    public double StepVoxels { get; set; } = 1.0;
    /// <summary>Seed of the ray-start jitter; fixed for deterministic renders.</summary>
    public float JitterSeed { get; set; } = 0.37f;
    public List<LabelInfo> Labels { get; }

    /// <summary>Bumped whenever label colours or visibility change, so textures are refreshed.</summary>
    public int LabelVersion { get; private set; }

    public void ApplyPreset(TransferFunctionPreset preset)
    {
        Preset = preset ?? throw new ArgumentNullException(nameof(preset));
        if (preset == TransferFunctionPreset.MrDefault)
        {
            Window = Scene.IntensityMax - Scene.IntensityMin;
            Level = Scene.IntensityMin + Window / 2;
        }
        else
        {
            Window = preset.Window;
            Level = preset.Level;
        }
    }

    public void SetLabelVisible(byte value, bool visible)
    {
        int n = Labels.FindIndex(l => l.Value == value);
        if (n < 0)
            throw new ArgumentException($"Scene has no label {value}.", nameof(value));
        Labels[n] = Labels[n] with { Visible = visible };
        LabelVersion++;
    }

    /// <summary>Feature set of the 3D program for the current toggles.</summary>
    public RenderFeatures VolumeFeatures()
    {
        var f = RenderFeatures.None;
        if (Mip) f |= RenderFeatures.Mip;
        if (ShowLabels && Scene.Labels is not null) f |= RenderFeatures.Labels;
        if (ShowLabels && LabelOutline && Scene.Labels is not null) f |= RenderFeatures.LabelOutline;
        if (ShowUncertainty && Scene.Uncertainty is not null) f |= RenderFeatures.Uncertainty;
        if (Shading && !Mip) f |= RenderFeatures.Shading;
        if (EmptySpaceSkipping && !Mip) f |= RenderFeatures.EmptySpaceSkipping;
        return f;
    }

    public RenderFeatures MprFeatures() =>
        VolumeFeatures() & (RenderFeatures.Labels | RenderFeatures.LabelOutline | RenderFeatures.Uncertainty);

    public MprView Mpr(MprPlane plane) => new(plane, Crosshair, Camera.Target, Camera.SceneRadiusMm * 0.75);
}
