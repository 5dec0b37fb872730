// sRGB -> CIELab (D65) scaled to the 16-bit encoding of Recommended Display CIELab Value (PS3.3 C.10.7.1.1).
namespace PacsSeg.Dicom.Iod;

internal static class CieLab
{
    public static (ushort L, ushort A, ushort B) FromSrgb(byte r, byte g, byte b)
    {
        static double Linear(byte c)
        {
            var v = c / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        var (lr, lg, lb) = (Linear(r), Linear(g), Linear(b));
        var x = ((0.4124 * lr) + (0.3576 * lg) + (0.1805 * lb)) / 0.95047;
        var y = (0.2126 * lr) + (0.7152 * lg) + (0.0722 * lb);
        var z = ((0.0193 * lr) + (0.1192 * lg) + (0.9505 * lb)) / 1.08883;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : ((24389.0 / 27 * t) + 16) / 116;
        var (fx, fy, fz) = (F(x), F(y), F(z));
        var l = (116 * fy) - 16;
        var a = 500 * (fx - fy);
        var bb = 200 * (fy - fz);
        static ushort Scale(double v, double lo, double range) => (ushort)Math.Clamp(Math.Round((v - lo) / range * 65535), 0, 65535);
        return (Scale(l, 0, 100), Scale(a, -128, 255), Scale(bb, -128, 255));
    }
}
