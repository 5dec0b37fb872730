// Recommended Display CIELab Value (PS3.3 C.10.7.1.1, 16-bit scaled, D65) back to display sRGB.
namespace PacsSeg.Engine.Scene;

public static class CieLabColor
{
    /// <summary>Converts the three scaled 16-bit CIELab values to sRGB components in 0..1.</summary>
    public static (float R, float G, float B) ToSrgb(ushort l, ushort a, ushort b)
    {
        double lv = l / 65535.0 * 100, av = a / 65535.0 * 255 - 128, bv = b / 65535.0 * 255 - 128;
        double fy = (lv + 16) / 116, fx = fy + av / 500, fz = fy - bv / 200;
        static double Inverse(double f) => f * f * f > 216.0 / 24389 ? f * f * f : (116 * f - 16) / (24389.0 / 27);
        double x = Inverse(fx) * 0.95047, y = Inverse(fy), z = Inverse(fz) * 1.08883;
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        static float Gamma(double c)
        {
            c = Math.Clamp(c, 0, 1);
            return (float)(c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055);
        }
        return (Gamma(r), Gamma(g), Gamma(bl));
    }
}
