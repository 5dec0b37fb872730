// Transfer-function presets. Control points sit at positions 0..1 across the window
// [level - width/2, level + width/2], so window/level dragging stretches and shifts the whole curve.
namespace PacsSeg.Engine.Scene;

/// <summary>A named colour/opacity curve with its default window and level.</summary>
public sealed record TransferFunctionPreset(string Name, double Window, double Level, IReadOnlyList<TransferPoint> Points)
{
    public static TransferFunctionPreset CtBone { get; } = new("ct-bone", 1200, 650,
    [
        new(0.00, 0, 0, 0, 0), new(0.20, 0.55, 0.25, 0.15, 0), new(0.32, 0.85, 0.65, 0.45, 0.25),
        new(0.60, 0.95, 0.90, 0.80, 0.7), new(1.00, 1, 1, 1, 0.9),
    ]);

    public static TransferFunctionPreset CtSoftTissue { get; } = new("ct-soft-tissue", 500, 100,
    [
        new(0.00, 0, 0, 0, 0), new(0.25, 0.55, 0.25, 0.20, 0.0), new(0.30, 0.75, 0.45, 0.35, 0.008),
        new(0.45, 0.85, 0.55, 0.45, 0.015), new(0.80, 0.95, 0.85, 0.75, 0.5), new(1.00, 1, 1, 1, 0.8),
    ]);

    public static TransferFunctionPreset CtAngio { get; } = new("ct-angio", 800, 400,
    [
        new(0.00, 0, 0, 0, 0), new(0.40, 0.6, 0.05, 0.05, 0), new(0.55, 0.85, 0.15, 0.10, 0.35),
        new(0.75, 1.0, 0.70, 0.55, 0.7), new(1.00, 1, 1, 1, 0.9),
    ]);

    public static TransferFunctionPreset MrDefault { get; } = new("mr-default", 1.0, 0.5,
    [
        new(0.00, 0, 0, 0, 0), new(0.15, 0.25, 0.25, 0.30, 0), new(0.50, 0.70, 0.65, 0.60, 0.08),
        new(1.00, 1, 1, 0.95, 0.5),
    ]);

    public static IReadOnlyList<TransferFunctionPreset> All { get; } = [CtBone, CtSoftTissue, CtAngio, MrDefault];

    public static TransferFunctionPreset ByName(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown preset '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));

    /// <summary>256 RGBA texels sampled across the window.</summary>
    public byte[] Bake()
    {
        var table = new byte[256 * 4];
        for (int n = 0; n < 256; n++)
        {
            double x = n / 255.0;
            int s = 0;
            while (s < Points.Count - 2 && Points[s + 1].Position < x)
                s++;
            var a = Points[s];
            var b = Points[s + 1];
            double f = b.Position > a.Position ? Math.Clamp((x - a.Position) / (b.Position - a.Position), 0, 1) : 0;
            table[n * 4 + 0] = ToByte(a.R + (b.R - a.R) * f);
            table[n * 4 + 1] = ToByte(a.G + (b.G - a.G) * f);
            table[n * 4 + 2] = ToByte(a.B + (b.B - a.B) * f);
            table[n * 4 + 3] = ToByte(a.A + (b.A - a.A) * f);
        }
        return table;
    }

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
}
