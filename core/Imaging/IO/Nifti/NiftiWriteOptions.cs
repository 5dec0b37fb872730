// How a volume is written to NIfTI. The defaults give what ITK and nnU-Net expect: NIfTI-1, qform and
// sform both set (scanner-anatomical), millimetres.
using System.IO.Compression;

namespace PacsSeg.Imaging.IO.Nifti;

public sealed record NiftiWriteOptions
{
    /// <summary>1 or 2; null picks NIfTI-1 unless a dimension exceeds 32767, then NIfTI-2.</summary>
    public int? Version { get; init; }

    /// <summary>Stored as scl_slope: readers compute real value = stored * slope + intercept.</summary>
    public double ScaleSlope { get; init; } = 1;

    public double ScaleIntercept { get; init; }

    /// <summary>Up to 79 ASCII characters in the header's descrip field.</summary>
    public string Description { get; init; } = "PacsSeg";

    /// <summary>Null: gzip when the path ends with .gz. Ignored for streams (use Compress).</summary>
    public bool? Compress { get; init; }

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>qform_code and sform_code written (1 = scanner anatomical, 2 = aligned, ...).</summary>
    public short FormCode { get; init; } = 1;

    public static NiftiWriteOptions Default { get; } = new();
}
