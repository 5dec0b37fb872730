// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that carry meaning for a volume,
// in one version-independent shape; parsing checks every field a reader relies on.
using System.Buffers.Binary;
using System.Text;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.IO.Nifti;

public sealed class NiftiHeader
{
    internal const int Nifti1Size = 348;
    internal const int Nifti2Size = 540;

    /// <summary>1 or 2.</summary>
    public int Version { get; init; } = 1;

    /// <summary>True when the file was written big-endian (values here are already swapped).</summary>
    public bool IsBigEndian { get; init; }

    /// <summary>True for "n+1"/"n+2" (data in the same file), false for a .hdr/.img pair.</summary>
    public bool IsSingleFile { get; init; } = true;

    /// <summary>dim[0..7]: dim[0] is the number of dimensions used.</summary>
    public long[] Dim { get; init; } = [3, 1, 1, 1, 1, 1, 1, 1];

    /// <summary>pixdim[0..7]: pixdim[0] is qfac, pixdim[1..3] the voxel size.</summary>
    public double[] PixDim { get; init; } = [1, 1, 1, 1, 1, 1, 1, 1];

    public NiftiDataType DataType { get; init; } = NiftiDataType.Float32;
    public int BitPix { get; init; } = 32;
    public long VoxOffset { get; init; }
    public double SclSlope { get; init; }
    public double SclInter { get; init; }
    public double CalMin { get; init; }
    public double CalMax { get; init; }
    public int QformCode { get; init; }
    public int SformCode { get; init; }
    public double QuaternB { get; init; }
    public double QuaternC { get; init; }
    public double QuaternD { get; init; }
    public Vec3 QOffset { get; init; }

    /// <summary>srow_x, srow_y, srow_z, row by row (12 values): the RAS sform affine.</summary>
    public double[] SRow { get; init; } = new double[12];

    public int XyztUnits { get; init; }
    public int IntentCode { get; init; }
    public string Description { get; init; } = "";

    public int SizeX => (int)Dim[1];
    public int SizeY => Dim[0] >= 2 ? (int)Dim[2] : 1;
    public int SizeZ => Dim[0] >= 3 ? (int)Dim[3] : 1;

    /// <summary>Number of 3D volumes (product of dim[4..dim[0]]).</summary>
    public long Frames
    {
        get
        {
            long frames = 1;
            for (int d = 4; d <= Dim[0]; d++)
                frames *= Dim[d];
            return frames;
        }
    }

    /// <summary>Bytes per voxel of <see cref="DataType"/>.</summary>
    public int BytesPerVoxel => BytesOf(DataType);

    /// <summary>True when scl_slope asks for scaling (a zero or non-finite slope means none, as the standard says).</summary>
    public bool HasScaling => SclSlope != 0 && double.IsFinite(SclSlope) && (SclSlope != 1 || (SclInter != 0 && double.IsFinite(SclInter)));

    /// <summary>Which transform <see cref="GetGeometry"/> uses: sform, then qform, then the base affine (nibabel's order).</summary>
    public NiftiAffineSource AffineSource =>
        SformCode != 0 ? NiftiAffineSource.Sform : QformCode != 0 ? NiftiAffineSource.Qform : NiftiAffineSource.Base;

    /// <summary>The voxel grid in patient LPS coordinates (NIfTI's RAS with the first two axes negated).</summary>
    public VolumeGeometry GetGeometry() => NiftiAffine.ToGeometry(this);

    internal static int BytesOf(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float64 => 8,
        _ => throw new NiftiFormatException($"NIfTI datatype {(int)type} is not supported (supported: {string.Join(", ", Enum.GetNames<NiftiDataType>())})."),
    };

    /// <summary>Parses a header from at least 348 (NIfTI-1) or 540 (NIfTI-2) bytes.</summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            throw new NiftiFormatException($"File too short for a NIfTI header ({bytes.Length} bytes).");
        int sizeLe = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int sizeBe = BinaryPrimitives.ReadInt32BigEndian(bytes);
        bool bigEndian;
        int size;
        if (sizeLe is Nifti1Size or Nifti2Size)
        {
            bigEndian = false;
            size = sizeLe;
        }
        else if (sizeBe is Nifti1Size or Nifti2Size)
        {
            bigEndian = true;
            size = sizeBe;
        }
        else
        {
            throw new NiftiFormatException($"sizeof_hdr is {sizeLe} (byte-swapped {sizeBe}); a NIfTI header has 348 (NIfTI-1) or 540 (NIfTI-2).");
        }
        if (bytes.Length < size)
            throw new NiftiFormatException($"Truncated NIfTI header: {bytes.Length} bytes of {size}.");
        var r = new FieldReader(bytes[..size], bigEndian);
        return size == Nifti1Size ? ParseNifti1(r, bigEndian) : ParseNifti2(r, bigEndian);
    }

    private static NiftiHeader ParseNifti1(FieldReader r, bool bigEndian)
    {
        string magic = r.Ascii(344, 4);
        bool single = magic == "n+1";
        if (!single && magic != "ni1")
            throw new NiftiFormatException($"NIfTI-1 magic is '{Printable(magic)}', expected 'n+1' or 'ni1' (an Analyze 7.5 file is not NIfTI).");
        var dim = new long[8];
        var pixdim = new double[8];
        for (int n = 0; n < 8; n++)
        {
            dim[n] = r.Int16(40 + 2 * n);
            pixdim[n] = r.Single(76 + 4 * n);
        }
        var srow = new double[12];
        for (int n = 0; n < 12; n++)
            srow[n] = r.Single(280 + 4 * n);
        var header = new NiftiHeader
        {
            Version = 1,
            IsBigEndian = bigEndian,
            IsSingleFile = single,
            Dim = dim,
            PixDim = pixdim,
            DataType = (NiftiDataType)r.Int16(70),
            BitPix = r.Int16(72),
            VoxOffset = (long)r.Single(108),
            SclSlope = r.Single(112),
            SclInter = r.Single(116),
            XyztUnits = r.Byte(123),
            CalMax = r.Single(124),
            CalMin = r.Single(128),
            Description = r.Ascii(148, 80),
            IntentCode = r.Int16(68),
            QformCode = r.Int16(252),
            SformCode = r.Int16(254),
            QuaternB = r.Single(256),
            QuaternC = r.Single(260),
            QuaternD = r.Single(264),
            QOffset = new Vec3(r.Single(268), r.Single(272), r.Single(276)),
            SRow = srow,
        };
        header.Validate();
        return header;
    }

    private static NiftiHeader ParseNifti2(FieldReader r, bool bigEndian)
    {
        string magic = r.Ascii(4, 4);
        bool single = magic == "n+2";
        if (!single && magic != "ni2")
            throw new NiftiFormatException($"NIfTI-2 magic is '{Printable(magic)}', expected 'n+2' or 'ni2'.");
        var dim = new long[8];
        var pixdim = new double[8];
        for (int n = 0; n < 8; n++)
        {
            dim[n] = r.Int64(16 + 8 * n);
            pixdim[n] = r.Double(104 + 8 * n);
        }
        var srow = new double[12];
        for (int n = 0; n < 12; n++)
            srow[n] = r.Double(400 + 8 * n);
        var header = new NiftiHeader
        {
            Version = 2,
            IsBigEndian = bigEndian,
            IsSingleFile = single,
            Dim = dim,
            PixDim = pixdim,
            DataType = (NiftiDataType)r.Int16(12),
            BitPix = r.Int16(14),
            VoxOffset = r.Int64(168),
            SclSlope = r.Double(176),
            SclInter = r.Double(184),
            CalMax = r.Double(192),
            CalMin = r.Double(200),
            Description = r.Ascii(240, 80),
            QformCode = r.Int32(344),
            SformCode = r.Int32(348),
            QuaternB = r.Double(352),
            QuaternC = r.Double(360),
            QuaternD = r.Double(368),
            QOffset = new Vec3(r.Double(376), r.Double(384), r.Double(392)),
            SRow = srow,
            XyztUnits = r.Int32(500),
            IntentCode = r.Int32(504),
        };
        header.Validate();
        return header;
    }

    private void Validate()
    {
        if (Dim[0] < 1 || Dim[0] > 7)
            throw new NiftiFormatException($"dim[0] is {Dim[0]}; it must be 1..7.");
        for (int d = 1; d <= Dim[0]; d++)
        {
            if (Dim[d] < 1)
                throw new NiftiFormatException($"dim[{d}] is {Dim[d]}; sizes must be positive.");
            if (d <= 3 && Dim[d] > int.MaxValue)
                throw new NiftiFormatException($"dim[{d}] is {Dim[d]}, larger than a volume axis can be.");
        }
        int bytes = BytesOf(DataType);
        if (BitPix != 0 && BitPix != bytes * 8)
            throw new NiftiFormatException($"bitpix is {BitPix} but datatype {DataType} has {bytes * 8} bits.");
        if (VoxOffset < 0)
            throw new NiftiFormatException($"vox_offset is {VoxOffset}; it must not be negative.");
        int headerSize = Version == 1 ? Nifti1Size : Nifti2Size;
        if (IsSingleFile && VoxOffset != 0 && VoxOffset < headerSize)
            throw new NiftiFormatException($"vox_offset {VoxOffset} points inside the {headerSize}-byte header.");
        if ((long)SizeX * SizeY * SizeZ > Array.MaxLength)
            throw new NiftiFormatException($"Volume of {SizeX}x{SizeY}x{SizeZ} voxels is larger than one array can hold.");
    }

    /// <summary>Number of data bytes for all frames; throws when it cannot be represented.</summary>
    internal long DataBytes()
    {
        try
        {
            return checked((long)SizeX * SizeY * SizeZ * Frames * BytesPerVoxel);
        }
        catch (OverflowException e)
        {
            throw new NiftiFormatException("Header dimensions overflow a 64-bit byte count.", e);
        }
    }

    /// <summary>Where voxel data starts in a single file (vox_offset 0 means straight after header and extension flag).</summary>
    internal long DataOffset => !IsSingleFile ? VoxOffset : VoxOffset == 0 ? (Version == 1 ? Nifti1Size : Nifti2Size) + 4 : VoxOffset;

    /// <summary>Serialises little-endian, followed by the 4-byte extension flag (no extensions).</summary>
    internal byte[] ToBytes()
    {
        int size = Version == 1 ? Nifti1Size : Nifti2Size;
        var b = new byte[size + 4];
        var w = new FieldWriter(b);
        if (Version == 1)
        {
            w.Int32(0, Nifti1Size);
            b[38] = (byte)'r';
            for (int n = 0; n < 8; n++)
            {
                w.Int16(40 + 2 * n, checked((short)Dim[n]));
                w.Single(76 + 4 * n, PixDim[n]);
            }
            w.Int16(68, (short)IntentCode);
            w.Int16(70, (short)DataType);
            w.Int16(72, (short)BitPix);
            w.Single(108, VoxOffset);
            w.Single(112, SclSlope);
            w.Single(116, SclInter);
            b[123] = (byte)XyztUnits;
            w.Single(124, CalMax);
            w.Single(128, CalMin);
            w.Ascii(148, 80, Description);
            w.Int16(252, (short)QformCode);
            w.Int16(254, (short)SformCode);
            w.Single(256, QuaternB);
            w.Single(260, QuaternC);
            w.Single(264, QuaternD);
            w.Single(268, QOffset.X);
            w.Single(272, QOffset.Y);
            w.Single(276, QOffset.Z);
            for (int n = 0; n < 12; n++)
                w.Single(280 + 4 * n, SRow[n]);
            w.Ascii(344, 4, IsSingleFile ? "n+1" : "ni1");
        }
        else
        {
            w.Int32(0, Nifti2Size);
            "n+2\0\r\n\u001a\n"u8.CopyTo(b.AsSpan(4));
            if (!IsSingleFile)
                b[5] = (byte)'i';
            w.Int16(12, (short)DataType);
            w.Int16(14, (short)BitPix);
            for (int n = 0; n < 8; n++)
            {
                w.Int64(16 + 8 * n, Dim[n]);
                w.Double(104 + 8 * n, PixDim[n]);
            }
            w.Int64(168, VoxOffset);
            w.Double(176, SclSlope);
            w.Double(184, SclInter);
            w.Double(192, CalMax);
            w.Double(200, CalMin);
            w.Ascii(240, 80, Description);
            w.Int32(344, QformCode);
            w.Int32(348, SformCode);
            w.Double(352, QuaternB);
            w.Double(360, QuaternC);
            w.Double(368, QuaternD);
            w.Double(376, QOffset.X);
            w.Double(384, QOffset.Y);
            w.Double(392, QOffset.Z);
            for (int n = 0; n < 12; n++)
                w.Double(400 + 8 * n, SRow[n]);
            w.Int32(500, XyztUnits);
            w.Int32(504, IntentCode);
        }
        return b;
    }

    private static string Printable(string s) =>
        new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public byte Byte(int offset) => _bytes[offset];

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_bytes[offset..]);

        public int Int32(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt32BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt32LittleEndian(_bytes[offset..]);

        public long Int64(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt64BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt64LittleEndian(_bytes[offset..]);

        public double Single(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_bytes[offset..]);

        public double Double(int offset) => bigEndian
            ? BinaryPrimitives.ReadDoubleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadDoubleLittleEndian(_bytes[offset..]);

        public string Ascii(int offset, int length)
        {
            var field = _bytes.Slice(offset, length);
            int end = field.IndexOf((byte)0);
            return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
        }
    }

    private readonly ref struct FieldWriter(Span<byte> bytes)
    {
        private readonly Span<byte> _bytes = bytes;

        public void Int16(int offset, short value) => BinaryPrimitives.WriteInt16LittleEndian(_bytes[offset..], value);
        public void Int32(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(_bytes[offset..], value);
        public void Int64(int offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(_bytes[offset..], value);
        public void Single(int offset, double value) => BinaryPrimitives.WriteSingleLittleEndian(_bytes[offset..], (float)value);
        public void Double(int offset, double value) => BinaryPrimitives.WriteDoubleLittleEndian(_bytes[offset..], value);

        public void Ascii(int offset, int length, string text)
        {
            var ascii = Encoding.ASCII.GetBytes(text);
            ascii.AsSpan(0, Math.Min(ascii.Length, length - 1)).CopyTo(_bytes[offset..]);
        }
    }
}
