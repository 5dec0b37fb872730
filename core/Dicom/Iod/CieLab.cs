// sRGB <-> CIELab (D65) in the 16-bit encoding of Recommended Display CIELab Value (PS3.3 C.10.7.1.1).
// Both directions share one matrix and its computed inverse, so reading a color back undoes writing it
// up to the 16-bit quantisation (well under one 8-bit step).
namespace PacsSeg.Dicom.Iod;

/// <summary>Converts segment display colors between sRGB bytes and DICOM's scaled CIELab.</summary>
public static class CieLab
{
    private const double WhiteX = 0.95047;
    private const double WhiteZ = 1.08883;
    private const double Epsilon = 216.0 / 24389;
    private const double Kappa = 24389.0 / 27;

    // Linear sRGB -> XYZ (rows X, Y, Z); ToSrgb uses the exact inverse of these same numbers.
    private static readonly double[,] RgbToXyz =
    {
        { 0.4124, 0.3576, 0.1805 },
        { 0.2126, 0.7152, 0.0722 },
        { 0.0193, 0.1192, 0.9505 },
    };

    private static readonly double[,] XyzToRgb = Invert(RgbToXyz);

    /// <summary>sRGB bytes -> scaled L*, a*, b* (0..65535 each; L* 0..100, a* and b* -128..127).</summary>
    public static (ushort L, ushort A, ushort B) FromSrgb(byte r, byte g, byte b)
    {
        static double Linear(byte c)
        {
            var v = c / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        var (lr, lg, lb) = (Linear(r), Linear(g), Linear(b));
        var x = ((RgbToXyz[0, 0] * lr) + (RgbToXyz[0, 1] * lg) + (RgbToXyz[0, 2] * lb)) / WhiteX;
        var y = (RgbToXyz[1, 0] * lr) + (RgbToXyz[1, 1] * lg) + (RgbToXyz[1, 2] * lb);
        var z = ((RgbToXyz[2, 0] * lr) + (RgbToXyz[2, 1] * lg) + (RgbToXyz[2, 2] * lb)) / WhiteZ;
        static double F(double t) => t > Epsilon ? Math.Cbrt(t) : ((Kappa * t) + 16) / 116;
        var (fx, fy, fz) = (F(x), F(y), F(z));
        var l = (116 * fy) - 16;
        var a = 500 * (fx - fy);
        var bb = 200 * (fy - fz);
        static ushort Scale(double v, double lo, double range) => (ushort)Math.Clamp(Math.Round((v - lo) / range * 65535), 0, 65535);
        return (Scale(l, 0, 100), Scale(a, -128, 255), Scale(bb, -128, 255));
    }

    /// <summary>Scaled L*, a*, b* -> sRGB bytes (colors outside the sRGB gamut are clipped).</summary>
    public static (byte R, byte G, byte B) ToSrgb(ushort l, ushort a, ushort b)
    {
        var lStar = l / 65535.0 * 100;
        var aStar = (a / 65535.0 * 255) - 128;
        var bStar = (b / 65535.0 * 255) - 128;
        var fy = (lStar + 16) / 116;
        var fx = fy + (aStar / 500);
        var fz = fy - (bStar / 200);
        static double FInverse(double f)
        {
            var cube = f * f * f;
            return cube > Epsilon ? cube : ((116 * f) - 16) / Kappa;
        }

        var x = FInverse(fx) * WhiteX;
        var y = FInverse(fy);
        var z = FInverse(fz) * WhiteZ;
        static byte Encode(double linear)
        {
            var c = Math.Clamp(linear, 0, 1);
            var v = c <= 0.04045 / 12.92 ? c * 12.92 : (1.055 * Math.Pow(c, 1 / 2.4)) - 0.055;
            return (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
        }

        return (
            Encode((XyzToRgb[0, 0] * x) + (XyzToRgb[0, 1] * y) + (XyzToRgb[0, 2] * z)),
            Encode((XyzToRgb[1, 0] * x) + (XyzToRgb[1, 1] * y) + (XyzToRgb[1, 2] * z)),
            Encode((XyzToRgb[2, 0] * x) + (XyzToRgb[2, 1] * y) + (XyzToRgb[2, 2] * z)));
    }

    private static double[,] Invert(double[,] m)
    {
        var det = (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
                - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
                + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // Cofactor of (j, i) over the determinant: the adjugate formula.
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                r[i, j] = ((m[r0, c0] * m[r1, c1]) - (m[r0, c1] * m[r1, c0])) / det;
            }
        }

        return r;
    }
}
