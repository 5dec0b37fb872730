// Transfer syntaxes as fixed objects that say how a dataset is encoded (PS3.5 section 10).
using System.Collections.Frozen;

namespace PacsSeg.Dicom;

/// <summary>A transfer syntax and its encoding rules.</summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private static readonly Lazy<FrozenDictionary<string, DicomTransferSyntax>> Known = new(BuildKnown);

    private DicomTransferSyntax(DicomUid uid, bool isExplicitVR, bool isLittleEndian, bool isDeflated, bool isEncapsulated, bool isLossy)
    {
        Uid = uid;
        IsExplicitVR = isExplicitVR;
        IsLittleEndian = isLittleEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
        IsLossy = isLossy;
    }

    /// <summary>Implicit VR Little Endian, the default (1.2.840.10008.1.2).</summary>
    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = new(DicomUids.ImplicitVRLittleEndian, false, true, false, false, false);

    /// <summary>Explicit VR Little Endian (1.2.840.10008.1.2.1).</summary>
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = new(DicomUids.ExplicitVRLittleEndian, true, true, false, false, false);

    /// <summary>Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).</summary>
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = new(DicomUids.DeflatedExplicitVRLittleEndian, true, true, true, false, false);

    /// <summary>Explicit VR Big Endian, retired; read only (1.2.840.10008.1.2.2).</summary>
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = new(DicomUids.ExplicitVRBigEndian, true, false, false, false, false);

    /// <summary>RLE Lossless (1.2.840.10008.1.2.5).</summary>
    public static DicomTransferSyntax RLELossless { get; } = Encapsulated(DicomUids.RLELossless, false);

    /// <summary>JPEG Baseline, process 1 (1.2.840.10008.1.2.4.50).</summary>
    public static DicomTransferSyntax JPEGBaseline8Bit { get; } = Encapsulated(DicomUids.JPEGBaseline8Bit, true);

    /// <summary>JPEG Extended, processes 2 and 4 (1.2.840.10008.1.2.4.51).</summary>
    public static DicomTransferSyntax JPEGExtended12Bit { get; } = Encapsulated(DicomUids.JPEGExtended12Bit, true);

    /// <summary>JPEG Lossless, process 14 (1.2.840.10008.1.2.4.57).</summary>
    public static DicomTransferSyntax JPEGLossless { get; } = Encapsulated(DicomUids.JPEGLossless, false);

    /// <summary>JPEG Lossless, process 14, selection value 1 (1.2.840.10008.1.2.4.70).</summary>
    public static DicomTransferSyntax JPEGLosslessSV1 { get; } = Encapsulated(DicomUids.JPEGLosslessSV1, false);

    /// <summary>JPEG-LS Lossless (1.2.840.10008.1.2.4.80).</summary>
    public static DicomTransferSyntax JPEGLSLossless { get; } = Encapsulated(DicomUids.JPEGLSLossless, false);

    /// <summary>JPEG-LS Near-Lossless (1.2.840.10008.1.2.4.81).</summary>
    public static DicomTransferSyntax JPEGLSNearLossless { get; } = Encapsulated(DicomUids.JPEGLSNearLossless, true);

    /// <summary>JPEG 2000 Lossless only (1.2.840.10008.1.2.4.90).</summary>
    public static DicomTransferSyntax JPEG2000Lossless { get; } = Encapsulated(DicomUids.JPEG2000Lossless, false);

    /// <summary>JPEG 2000 (1.2.840.10008.1.2.4.91).</summary>
    public static DicomTransferSyntax JPEG2000 { get; } = Encapsulated(DicomUids.JPEG2000, true);

    /// <summary>The UID.</summary>
    public DicomUid Uid { get; }

    /// <summary>True if each element says its VR.</summary>
    public bool IsExplicitVR { get; }

    /// <summary>Byte order of binary values and headers.</summary>
    public bool IsLittleEndian { get; }

    /// <summary>True if the dataset after the file meta is compressed with deflate (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>True if pixel data is encapsulated (fragments with a basic offset table).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>True if the pixel encoding may lose information.</summary>
    public bool IsLossy { get; }

    /// <summary>The transfer syntax for a UID; unknown UIDs are taken as encapsulated explicit VR little endian, as every compressed syntax is.</summary>
    public static DicomTransferSyntax Parse(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var v = uid.TrimEnd('\0', ' ');
        if (Known.Value.TryGetValue(v, out var ts))
        {
            return ts;
        }

        return new DicomTransferSyntax(DicomUid.Parse(v), true, true, false, true, false);
    }

    /// <summary>True if the UID is one PacsSeg knows by name.</summary>
    public static bool IsKnown(string uid) => Known.Value.ContainsKey(uid.TrimEnd('\0', ' '));

    /// <inheritdoc/>
    public bool Equals(DicomTransferSyntax? other) => other is not null && Uid.Equals(other.Uid);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomTransferSyntax t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode() => Uid.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"{Uid.Name} ({Uid.Value})";

    private static DicomTransferSyntax Encapsulated(DicomUid uid, bool lossy) => new(uid, true, true, false, true, lossy);

    private static FrozenDictionary<string, DicomTransferSyntax> BuildKnown()
    {
        var list = new[]
        {
            ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
            RLELossless, JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless, JPEGLosslessSV1, JPEGLSLossless,
            JPEGLSNearLossless, JPEG2000Lossless, JPEG2000,
        };
        return list.ToFrozenDictionary(t => t.Uid.Value, StringComparer.Ordinal);
    }
}
