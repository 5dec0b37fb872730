// NIfTI's RAS affines (sform, qform quaternion, base) to and from VolumeGeometry's LPS. LPS = diag(-1,-1,1) * RAS,
// so both conversions negate the first two rows of the 3x4 affine.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.IO.Nifti;

internal static class NiftiAffine
{
    /// <summary>Quaternion parameters and qfac of a rotation, as the qform stores them.</summary>
    internal readonly record struct Quaternion(double B, double C, double D, double Qfac);

    public static VolumeGeometry ToGeometry(NiftiHeader h)
    {
        Mat3 ras;
        Vec3 offset;
        switch (h.AffineSource)
        {
            case NiftiAffineSource.Sform:
                var s = h.SRow;
                ras = new Mat3(s[0], s[1], s[2], s[4], s[5], s[6], s[8], s[9], s[10]);
                offset = new Vec3(s[3], s[7], s[11]);
                break;
            case NiftiAffineSource.Qform:
                ras = QformMatrix(h);
                offset = h.QOffset;
                break;
            default:
                // nibabel's get_base_affine: voxel sizes, x flipped, the grid's centre at the origin.
                var zoom = new Vec3(-Zoom(h.PixDim[1]), Zoom(h.PixDim[2]), Zoom(h.PixDim[3]));
                ras = new Mat3(zoom.X, 0, 0, 0, zoom.Y, 0, 0, 0, zoom.Z);
                offset = -Vec3.Scale(new Vec3((h.SizeX - 1) / 2.0, (h.SizeY - 1) / 2.0, (h.SizeZ - 1) / 2.0), zoom);
                break;
        }
        Mat3 lps = new(-ras.M00, -ras.M01, -ras.M02, -ras.M10, -ras.M11, -ras.M12, ras.M20, ras.M21, ras.M22);
        var origin = new Vec3(-offset.X, -offset.Y, offset.Z);
        if (!double.IsFinite(origin.X + origin.Y + origin.Z))
            throw new NiftiFormatException($"The {h.AffineSource} offset {origin} is not finite.");

        var columns = new Vec3[3];
        var spacing = new double[3];
        for (int c = 0; c < 3; c++)
        {
            columns[c] = lps.Column(c);
            spacing[c] = columns[c].Length;
            if (!double.IsFinite(spacing[c]))
                throw new NiftiFormatException($"The {h.AffineSource} affine has a non-finite column {c}.");
        }
        // A 2D image may leave its third column zero; give it the normal of the plane and 1 mm.
        if (spacing[2] == 0 && h.SizeZ == 1 && spacing[0] > 0 && spacing[1] > 0)
        {
            columns[2] = Vec3.Cross(columns[0], columns[1]).Normalized();
            spacing[2] = 1;
        }
        for (int c = 0; c < 3; c++)
        {
            if (spacing[c] == 0)
                throw new NiftiFormatException($"The {h.AffineSource} affine has a zero column {c}: voxel size 0.");
            columns[c] /= spacing[c];
        }
        var direction = Mat3.FromColumns(columns[0], columns[1], columns[2]);
        if (Math.Abs(direction.Determinant) < 1e-6)
            throw new NiftiFormatException($"The {h.AffineSource} affine is singular.");
        try
        {
            return new VolumeGeometry(h.SizeX, h.SizeY, h.SizeZ, origin, new Vec3(spacing[0], spacing[1], spacing[2]), direction);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new NiftiFormatException($"The {h.AffineSource} affine does not describe a usable grid: {e.Message}", e);
        }
    }

    private static double Zoom(double pixdim) => pixdim == 0 || !double.IsFinite(pixdim) ? 1 : Math.Abs(pixdim);

    /// <summary>The qform's 3x3 part: rotation from the quaternion, third column times qfac, columns times pixdim.</summary>
    private static Mat3 QformMatrix(NiftiHeader h)
    {
        double b = h.QuaternB, c = h.QuaternC, d = h.QuaternD;
        double a2 = 1.0 - (b * b + c * c + d * d);
        double a;
        if (a2 < 0)
        {
            // Rounding of stored floats can push a tiny a below zero; a real excess is a broken header.
            if (a2 < -1e-6)
                throw new NiftiFormatException($"qform quaternion ({b}, {c}, {d}) has norm above 1.");
            double n = Math.Sqrt(b * b + c * c + d * d);
            b /= n;
            c /= n;
            d /= n;
            a = 0;
        }
        else
        {
            a = Math.Sqrt(a2);
        }
        double qfac = h.PixDim[0] < 0 ? -1 : 1;
        var r = new Mat3(
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b);
        double dx = Zoom(h.PixDim[1]), dy = Zoom(h.PixDim[2]), dz = Zoom(h.PixDim[3]) * qfac;
        return Mat3.FromColumns(r.Column(0) * dx, r.Column(1) * dy, r.Column(2) * dz);
    }

    /// <summary>The RAS sform rows (srow_x, srow_y, srow_z) of a geometry.</summary>
    public static double[] SformRows(VolumeGeometry g)
    {
        var c0 = g.Direction.Column(0) * g.Spacing.X;
        var c1 = g.Direction.Column(1) * g.Spacing.Y;
        var c2 = g.Direction.Column(2) * g.Spacing.Z;
        var o = g.Origin;
        return
        [
            -c0.X, -c1.X, -c2.X, -o.X,
            -c0.Y, -c1.Y, -c2.Y, -o.Y,
            c0.Z, c1.Z, c2.Z, o.Z,
        ];
    }

    /// <summary>The qform of a geometry, or null when its direction is not a rotation (or reflection) a quaternion can hold.</summary>
    public static Quaternion? ToQuaternion(VolumeGeometry g)
    {
        var dir = g.Direction;
        if (!dir.IsOrthonormal(1e-5))
            return null;
        var r = new Mat3(-dir.M00, -dir.M01, -dir.M02, -dir.M10, -dir.M11, -dir.M12, dir.M20, dir.M21, dir.M22);
        double qfac = 1;
        if (r.Determinant < 0)
        {
            qfac = -1;
            r = new Mat3(r.M00, r.M01, -r.M02, r.M10, r.M11, -r.M12, r.M20, r.M21, -r.M22);
        }
        double a, b, c, d;
        double trace = r.M00 + r.M11 + r.M22 + 1;
        if (trace > 0.5)
        {
            a = 0.5 * Math.Sqrt(trace);
            b = 0.25 * (r.M21 - r.M12) / a;
            c = 0.25 * (r.M02 - r.M20) / a;
            d = 0.25 * (r.M10 - r.M01) / a;
        }
        else
        {
            double xd = 1 + r.M00 - (r.M11 + r.M22);
            double yd = 1 + r.M11 - (r.M00 + r.M22);
            double zd = 1 + r.M22 - (r.M00 + r.M11);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r.M01 + r.M10) / b;
                d = 0.25 * (r.M02 + r.M20) / b;
                a = 0.25 * (r.M21 - r.M12) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r.M01 + r.M10) / c;
                d = 0.25 * (r.M12 + r.M21) / c;
                a = 0.25 * (r.M02 - r.M20) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r.M02 + r.M20) / d;
                c = 0.25 * (r.M12 + r.M21) / d;
                a = 0.25 * (r.M10 - r.M01) / d;
            }
            if (a < 0)
            {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new Quaternion(b, c, d, qfac);
    }
}
