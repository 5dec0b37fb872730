// What the viewer shows: an intensity volume and, optionally, labels and an uncertainty map on the same grid.
using PacsSeg.Imaging;

namespace PacsSeg.Engine.Scene;

/// <summary>A volume with its overlays, validated to share one voxel grid.</summary>
public sealed class ViewerScene
{
    public ViewerScene(string name, Volume<float> intensity, Volume<byte>? labels = null, Volume<float>? uncertainty = null,
        IReadOnlyList<LabelInfo>? labelInfos = null)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        if (labels is not null && !labels.Geometry.SameGridAs(intensity.Geometry))
            throw new SceneException($"Labels grid {labels.Geometry} differs from the image grid {intensity.Geometry}; resample the labels first.");
        if (uncertainty is not null && !uncertainty.Geometry.SameGridAs(intensity.Geometry))
            throw new SceneException($"Uncertainty grid {uncertainty.Geometry} differs from the image grid {intensity.Geometry}; resample it first.");
        Name = name;
        Intensity = intensity;
        Labels = labels;
        Uncertainty = uncertainty;
        LabelInfos = labelInfos ?? DefaultLabels(labels);
        (IntensityMin, IntensityMax) = Range(intensity.Voxels);
    }

    public string Name { get; }
    public Volume<float> Intensity { get; }
    public Volume<byte>? Labels { get; }
    /// <summary>Uncertainty in 0..1 (values outside are clamped when shown).</summary>
    public Volume<float>? Uncertainty { get; }
    public IReadOnlyList<LabelInfo> LabelInfos { get; }
    public float IntensityMin { get; }
    public float IntensityMax { get; }

    /// <summary>True when the intensities look like CT Hounsfield units (air near -1000).</summary>
    public bool LooksLikeCt => IntensityMin <= -500 && IntensityMax >= 200;

    private static (float, float) Range(float[] v)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (float x in v)
        {
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        return hi > lo ? (lo, hi) : (lo, lo + 1);
    }

    private static IReadOnlyList<LabelInfo> DefaultLabels(Volume<byte>? labels)
    {
        if (labels is null)
            return [];
        var present = new bool[256];
        foreach (byte b in labels.Voxels)
            present[b] = true;
        var list = new List<LabelInfo>();
        for (int v = 1; v < 256; v++)
        {
            if (!present[v])
                continue;
            var (r, g, b) = PaletteColor(v);
            list.Add(new LabelInfo((byte)v, $"label {v}", r, g, b));
        }
        return list;
    }

    /// <summary>The default colour of label <paramref name="value"/> (1..255) when the data names none.</summary>
    public static (float R, float G, float B) PaletteColor(int value) => Palette[(Math.Max(value, 1) - 1) % Palette.Length];

    private static readonly (float, float, float)[] Palette =
    [
        (0.90f, 0.15f, 0.15f), (0.15f, 0.85f, 0.20f), (0.20f, 0.40f, 0.95f), (0.95f, 0.85f, 0.10f),
        (0.10f, 0.85f, 0.85f), (0.85f, 0.20f, 0.85f), (0.95f, 0.55f, 0.10f), (0.55f, 0.35f, 0.90f),
    ];
}
