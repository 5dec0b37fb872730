// What series assembly needs to know about one 2D frame (a classic instance or one frame of an
// enhanced multi-frame object), independent of how the DICOM was parsed.
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Series;

public sealed record SliceDescriptor
{
    /// <summary>SOP Instance UID (and frame number for multi-frame) for error messages.</summary>
    public required string Source { get; init; }

    public int Rows { get; init; }
    public int Columns { get; init; }

    /// <summary>Image Position (Patient): LPS centre of the first transmitted pixel, mm.</summary>
    public Vec3 Position { get; init; }

    /// <summary>Image Orientation (Patient), first triplet: direction of increasing column index.</summary>
    public Vec3 RowDirection { get; init; }

    /// <summary>Image Orientation (Patient), second triplet: direction of increasing row index.</summary>
    public Vec3 ColumnDirection { get; init; }

    /// <summary>Pixel Spacing[0]: distance between adjacent rows (mm).</summary>
    public double RowSpacing { get; init; }

    /// <summary>Pixel Spacing[1]: distance between adjacent columns (mm).</summary>
    public double ColumnSpacing { get; init; }

    /// <summary>Slice Thickness, used as the slice spacing of a single-slice series.</summary>
    public double? SliceThickness { get; init; }

    public double RescaleSlope { get; init; } = 1;
    public double RescaleIntercept { get; init; }

    public string? FrameOfReferenceUid { get; init; }
    public int? InstanceNumber { get; init; }

    public required FramePixelReader Pixels { get; init; }
}
