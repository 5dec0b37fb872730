// A 3x3 matrix (row-major storage). The direction matrix of a volume keeps the patient-space unit
// vectors of the i, j and k index axes in its columns, as ITK and nnU-Net do.
namespace PacsSeg.Imaging.Geometry;

public readonly record struct Mat3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    public static Mat3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Mat3 FromColumns(Vec3 c0, Vec3 c1, Vec3 c2) =>
        new(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);

    public Vec3 Column(int index) => index switch
    {
        0 => new Vec3(M00, M10, M20),
        1 => new Vec3(M01, M11, M21),
        2 => new Vec3(M02, M12, M22),
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "column must be 0, 1 or 2"),
    };

    public double Determinant =>
        M00 * (M11 * M22 - M12 * M21) - M01 * (M10 * M22 - M12 * M20) + M02 * (M10 * M21 - M11 * M20);

    public Mat3 Transpose() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    public Mat3 Inverse()
    {
        double det = Determinant;
        if (Math.Abs(det) < 1e-12)
            throw new InvalidOperationException($"Matrix is singular (determinant {det:G3}).");
        double inv = 1.0 / det;
        return new Mat3(
            (M11 * M22 - M12 * M21) * inv, (M02 * M21 - M01 * M22) * inv, (M01 * M12 - M02 * M11) * inv,
            (M12 * M20 - M10 * M22) * inv, (M00 * M22 - M02 * M20) * inv, (M02 * M10 - M00 * M12) * inv,
            (M10 * M21 - M11 * M20) * inv, (M01 * M20 - M00 * M21) * inv, (M00 * M11 - M01 * M10) * inv);
    }

    public static Vec3 operator *(Mat3 m, Vec3 v) => new(
        m.M00 * v.X + m.M01 * v.Y + m.M02 * v.Z,
        m.M10 * v.X + m.M11 * v.Y + m.M12 * v.Z,
        m.M20 * v.X + m.M21 * v.Y + m.M22 * v.Z);

    public static Mat3 operator *(Mat3 a, Mat3 b) => FromColumns(a * b.Column(0), a * b.Column(1), a * b.Column(2));

    /// <summary>True when the columns are unit length and mutually orthogonal within <paramref name="tolerance"/>.</summary>
    public bool IsOrthonormal(double tolerance = 1e-4)
    {
        Mat3 p = Transpose() * this;
        return Math.Abs(p.M00 - 1) < tolerance && Math.Abs(p.M11 - 1) < tolerance && Math.Abs(p.M22 - 1) < tolerance
            && Math.Abs(p.M01) < tolerance && Math.Abs(p.M02) < tolerance && Math.Abs(p.M12) < tolerance;
    }
}
