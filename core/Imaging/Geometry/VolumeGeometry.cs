// Where a voxel grid sits in patient space. Every conversion (DICOM, NIfTI, SEG frames, GL texture
// coordinates) goes through this type, so a flipped or transposed mask shows up in one place.
namespace PacsSeg.Imaging.Geometry;

/// <summary>
/// Geometry of a voxel grid in patient coordinates (DICOM LPS, millimetres).
/// Voxel (i, j, k) has its centre at <c>Origin + Direction * (i*Sx, j*Sy, k*Sz)</c>;
/// i varies fastest in memory (DICOM column), then j (row), then k (slice).
/// </summary>
public sealed record VolumeGeometry
{
    public VolumeGeometry(int sizeX, int sizeY, int sizeZ, Vec3 origin, Vec3 spacing, Mat3 direction)
    {
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0)
            throw new ArgumentException($"Volume size must be positive, got {sizeX}x{sizeY}x{sizeZ}.");
        if ((long)sizeX * sizeY * sizeZ > Array.MaxLength)
            throw new ArgumentException($"Volume of {sizeX}x{sizeY}x{sizeZ} voxels is larger than one array can hold.");
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
            throw new ArgumentException($"Spacing must be positive and finite, got {spacing}.");
        if (!double.IsFinite(origin.X + origin.Y + origin.Z))
            throw new ArgumentException($"Origin must be finite, got {origin}.");
        if (Math.Abs(direction.Determinant) < 1e-6)
            throw new ArgumentException("Direction matrix is singular.");
        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
        Origin = origin;
        Spacing = spacing;
        Direction = direction;
        _indexToPatient = Mat3.FromColumns(direction.Column(0) * spacing.X, direction.Column(1) * spacing.Y, direction.Column(2) * spacing.Z);
        _patientToIndex = _indexToPatient.Inverse();
    }

    private readonly Mat3 _indexToPatient;
    private readonly Mat3 _patientToIndex;

    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }
    /// <summary>Patient position (LPS, mm) of the centre of voxel (0, 0, 0).</summary>
    public Vec3 Origin { get; }
    /// <summary>Distance in mm between voxel centres along i, j and k.</summary>
    public Vec3 Spacing { get; }
    /// <summary>Columns: unit vectors of the i, j and k axes in LPS.</summary>
    public Mat3 Direction { get; }

    public long VoxelCount => (long)SizeX * SizeY * SizeZ;

    public static VolumeGeometry Axial(int sizeX, int sizeY, int sizeZ, Vec3 spacing, Vec3 origin = default) =>
        new(sizeX, sizeY, sizeZ, origin, spacing, Mat3.Identity);

    public Vec3 IndexToPatient(Vec3 index) => Origin + _indexToPatient * index;

    public Vec3 IndexToPatient(double i, double j, double k) => IndexToPatient(new Vec3(i, j, k));

    /// <summary>Continuous index of a patient point (voxel centres are at integers).</summary>
    public Vec3 PatientToIndex(Vec3 patient) => _patientToIndex * (patient - Origin);

    public bool Contains(int i, int j, int k) =>
        (uint)i < (uint)SizeX && (uint)j < (uint)SizeY && (uint)k < (uint)SizeZ;

    public int LinearIndex(int i, int j, int k) => (k * SizeY + j) * SizeX + i;

    /// <summary>Voxel volume in mm^3 (the determinant handles non-orthogonal grids).</summary>
    public double VoxelVolumeMm3 => Math.Abs(_indexToPatient.Determinant);

    /// <summary>True when both grids sample the same points within <paramref name="toleranceMm"/>.</summary>
    public bool SameGridAs(VolumeGeometry other, double toleranceMm = 1e-3)
    {
        if (SizeX != other.SizeX || SizeY != other.SizeY || SizeZ != other.SizeZ)
            return false;
        foreach (var corner in Corners())
        {
            if (Vec3.Distance(IndexToPatient(corner), other.IndexToPatient(corner)) > toleranceMm)
                return false;
        }
        return true;
    }

    private IEnumerable<Vec3> Corners()
    {
        for (int c = 0; c < 8; c++)
            yield return new Vec3((c & 1) == 0 ? 0 : SizeX - 1, (c & 2) == 0 ? 0 : SizeY - 1, (c & 4) == 0 ? 0 : SizeZ - 1);
    }

    public VolumeGeometry WithSize(int sizeX, int sizeY, int sizeZ, Vec3 spacing) =>
        new(sizeX, sizeY, sizeZ, Origin, spacing, Direction);

    public override string ToString() =>
        $"{SizeX}x{SizeY}x{SizeZ} spacing {Spacing} origin {Origin}";
}
