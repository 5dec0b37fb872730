// Reads pixels of a rendered RGBA frame (rows top to bottom) for assertions.
namespace PacsSeg.Engine.Tests;

internal sealed record Image(byte[] Rgba, int Width, int Height)
{
    /// <summary>Mean colour (0..255) of the 3x3 pixels around (x, y).</summary>
    public (double R, double G, double B) At(double x, double y)
    {
        int cx = (int)Math.Floor(x), cy = (int)Math.Floor(y);
        double r = 0, g = 0, b = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
        {
            int px = Math.Clamp(cx + dx, 0, Width - 1), py = Math.Clamp(cy + dy, 0, Height - 1);
            int at = (py * Width + px) * 4;
            r += Rgba[at];
            g += Rgba[at + 1];
            b += Rgba[at + 2];
            n++;
        }
        return (r / n, g / n, b / n);
    }

    public double Luminance(double x, double y)
    {
        var (r, g, b) = At(x, y);
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }
}
