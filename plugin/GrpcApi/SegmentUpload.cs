// Collects the input of one Segment call from its request messages (raw voxels with geometry, a NIfTI file,
// or the DICOM instances of a series) and turns it into a volume of real-world values. Every size is checked
// against the call's input limit before anything is allocated; bad input is INVALID_ARGUMENT with the reason.
using System.Buffers.Binary;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Imaging.Series;
using PacsSeg.Plugin.GrpcApi.V1;
using ImagingGeometry = PacsSeg.Imaging.Geometry.VolumeGeometry;
using Mat3 = PacsSeg.Imaging.Geometry.Mat3;
using Vec3 = PacsSeg.Imaging.Geometry.Vec3;

namespace PacsSeg.Plugin.GrpcApi;

public sealed class SegmentUpload : IDisposable
{
    private enum Kind { Voxels, Nifti, Dicom }

    private readonly Kind kind;
    private readonly long maxBytes;
    private readonly ImagingGeometry? geometry;
    private readonly VoxelType voxelType;
    private readonly byte[]? voxels;
    private readonly MemoryStream? nifti;
    private readonly string? dicomFolder;
    private long received;
    private int instances;

    private SegmentUpload(Kind kind, long maxBytes, ImagingGeometry? geometry, VoxelType voxelType, byte[]? voxels, MemoryStream? nifti, string? dicomFolder)
    {
        this.kind = kind;
        this.maxBytes = maxBytes;
        this.geometry = geometry;
        this.voxelType = voxelType;
        this.voxels = voxels;
        this.nifti = nifti;
        this.dicomFolder = dicomFolder;
    }

    /// <summary>Where DICOM uploads are staged, one fresh folder per call.</summary>
    public static string RootFor(Configuration.PluginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ResolveDataPath("", "grpc-uploads");
    }

    /// <summary>Removes upload folders a crashed run left behind (at start-up, before any call); returns how many.</summary>
    public static int RemoveLeftovers(string root)
    {
        if (!Directory.Exists(root))
            return 0;
        int removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (IOException)
            {
                // Left for the next start.
            }
        }
        return removed;
    }

    /// <summary>Bytes of input received so far.</summary>
    public long Received => received;

    /// <summary>Starts from the first request message (which must carry the start of exactly one input).</summary>
    /// <param name="tempFolder">A fresh folder for DICOM instances, created only when the input is DICOM.</param>
    public static SegmentUpload Start(SegmentRequest first, long maxBytes, string tempFolder)
    {
        ArgumentNullException.ThrowIfNull(first);
        bool hasVolume = first.Volume is not null, hasNifti = !first.Nifti.IsEmpty, hasDicom = !first.DicomInstance.IsEmpty;
        int kinds = (hasVolume ? 1 : 0) + (hasNifti ? 1 : 0) + (hasDicom ? 1 : 0);
        if (kinds != 1)
            throw Invalid(kinds == 0
                ? "The first message must carry an input: volume (+ voxels), nifti or dicom_instance."
                : "The first message carries more than one kind of input; send exactly one of volume, nifti or dicom_instance.");
        if (!first.Voxels.IsEmpty && !hasVolume)
            throw Invalid("voxels were sent without the volume (geometry and voxel_type) that describes them.");
        SegmentUpload upload;
        if (hasVolume)
        {
            var (grid, type) = Describe(first.Volume!);
            long bytes = grid.VoxelCount * BytesPerVoxel(type);
            if (bytes > maxBytes)
                throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                    $"A {grid.SizeX}x{grid.SizeY}x{grid.SizeZ} {type} volume is {bytes} bytes, more than this service accepts ({maxBytes}).");
            upload = new SegmentUpload(Kind.Voxels, maxBytes, grid, type, new byte[bytes], null, null);
        }
        else if (hasNifti)
        {
            upload = new SegmentUpload(Kind.Nifti, maxBytes, null, VoxelType.Unspecified, null, new MemoryStream(), null);
        }
        else
        {
            Directory.CreateDirectory(tempFolder);
            upload = new SegmentUpload(Kind.Dicom, maxBytes, null, VoxelType.Unspecified, null, null, tempFolder);
        }
        upload.Append(first);
        return upload;
    }

    /// <summary>Adds a following message: only more of the same input, nothing that belongs in the first one.</summary>
    public void Add(SegmentRequest next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Model.Length > 0 || next.ModelVersion.Length > 0 || next.Options is not null || next.Volume is not null)
            throw Invalid("model, model_version, options and volume belong in the first message only.");
        Append(next);
    }

    private void Append(SegmentRequest message)
    {
        var (data, expected) = kind switch
        {
            Kind.Voxels => (message.Voxels, "voxels"),
            Kind.Nifti => (message.Nifti, "nifti"),
            _ => (message.DicomInstance, "dicom_instance"),
        };
        if ((kind != Kind.Voxels && !message.Voxels.IsEmpty) || (kind != Kind.Nifti && !message.Nifti.IsEmpty) || (kind != Kind.Dicom && !message.DicomInstance.IsEmpty))
            throw Invalid($"This call sends {expected}; a message carries another kind of input.");
        if (data.IsEmpty)
            return;
        if (received + data.Length > maxBytes)
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"The input exceeds the {maxBytes} bytes this service accepts per Segment call.");
        switch (kind)
        {
            case Kind.Voxels:
                if (received + data.Length > voxels!.Length)
                    throw Invalid($"More voxel bytes than the volume holds ({voxels.Length} bytes for {geometry!.SizeX}x{geometry.SizeY}x{geometry.SizeZ} {voxelType}).");
                data.Span.CopyTo(voxels.AsSpan((int)received));
                break;
            case Kind.Nifti:
                nifti!.Write(data.Span);
                break;
            default:
                instances++;
                using (var file = new FileStream(Path.Combine(dicomFolder!, $"{instances:D6}.dcm"), FileMode.CreateNew, FileAccess.Write))
                    file.Write(data.Span);
                break;
        }
        received += data.Length;
    }

    /// <summary>The received input as a volume of real-world values; INVALID_ARGUMENT when it is incomplete or unreadable.</summary>
    public Volume<float> ToVolume(CancellationToken cancellationToken)
    {
        try
        {
            return kind switch
            {
                Kind.Voxels => DecodeVoxels(),
                Kind.Nifti => NiftiReader.ReadVolume<float>(new MemoryStream(nifti!.GetBuffer(), 0, (int)nifti.Length, writable: false)),
                _ => DicomSeriesReader.ReadFiles(Directory.GetFiles(dicomFolder!).Order(StringComparer.Ordinal), null, cancellationToken).Volume,
            };
        }
        catch (Exception ex) when (ex is NiftiFormatException or SeriesAssemblyException or DicomParseException or DicomDataException
                                      or InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw Invalid($"The {(kind == Kind.Nifti ? "NIfTI file" : kind == Kind.Dicom ? "DICOM series" : "volume")} cannot be read: {ex.Message}");
        }
    }

    private Volume<float> DecodeVoxels()
    {
        if (received != voxels!.Length)
            throw Invalid($"Got {received} voxel bytes; a {geometry!.SizeX}x{geometry.SizeY}x{geometry.SizeZ} {voxelType} volume needs {voxels.Length}.");
        var result = new float[geometry!.VoxelCount];
        var src = voxels.AsSpan();
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = voxelType switch
            {
                VoxelType.Uint8 => src[i],
                VoxelType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(src[(i * 2)..]),
                VoxelType.Uint16 => BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]),
                VoxelType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(src[(i * 4)..]),
                VoxelType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(i * 8)..]),
            };
            if (!float.IsFinite(result[i]))
                throw Invalid($"Voxel {i} is not a finite number.");
        }
        return new Volume<float>(geometry, result);
    }

    private static (ImagingGeometry Grid, VoxelType Type) Describe(VolumeInput input)
    {
        var g = input.Geometry ?? throw Invalid("volume.geometry is missing.");
        if (input.VoxelType == VoxelType.Unspecified || !Enum.IsDefined(input.VoxelType))
            throw Invalid("volume.voxel_type must be one of UINT8, INT16, UINT16, INT32, FLOAT32, FLOAT64.");
        if (g.SizeX <= 0 || g.SizeY <= 0 || g.SizeZ <= 0)
            throw Invalid($"volume size {g.SizeX}x{g.SizeY}x{g.SizeZ} must be positive in every axis.");
        if (g.Spacing.Count is not (0 or 3) || g.Origin.Count is not (0 or 3) || g.Direction.Count is not (0 or 9))
            throw Invalid($"geometry needs 3 spacing, 3 origin and 9 direction values (or none); got {g.Spacing.Count}, {g.Origin.Count} and {g.Direction.Count}.");
        try
        {
            var spacing = g.Spacing.Count == 3 ? new Vec3(g.Spacing[0], g.Spacing[1], g.Spacing[2]) : new Vec3(1, 1, 1);
            var origin = g.Origin.Count == 3 ? new Vec3(g.Origin[0], g.Origin[1], g.Origin[2]) : default;
            var d = g.Direction;
            var direction = d.Count == 9 ? new Mat3(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]) : Mat3.Identity;
            return (new ImagingGeometry(g.SizeX, g.SizeY, g.SizeZ, origin, spacing, direction), input.VoxelType);
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"Invalid volume geometry: {ex.Message}");
        }
    }

    private static int BytesPerVoxel(VoxelType type) => type switch
    {
        VoxelType.Uint8 => 1,
        VoxelType.Int16 or VoxelType.Uint16 => 2,
        VoxelType.Int32 or VoxelType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Writes the geometry of a grid back into the message form.</summary>
    public static V1.VolumeGeometry ToMessage(ImagingGeometry grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var m = new V1.VolumeGeometry { SizeX = grid.SizeX, SizeY = grid.SizeY, SizeZ = grid.SizeZ };
        m.Spacing.AddRange([grid.Spacing.X, grid.Spacing.Y, grid.Spacing.Z]);
        m.Origin.AddRange([grid.Origin.X, grid.Origin.Y, grid.Origin.Z]);
        var d = grid.Direction;
        m.Direction.AddRange([d.M00, d.M01, d.M02, d.M10, d.M11, d.M12, d.M20, d.M21, d.M22]);
        return m;
    }

    private static GrpcException Invalid(string message) => new(GrpcStatusCode.InvalidArgument, message);

    public void Dispose()
    {
        nifti?.Dispose();
        if (dicomFolder is not null && Directory.Exists(dicomFolder))
        {
            try
            {
                Directory.Delete(dicomFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover upload folder costs disk only; the data folder's owner can remove it.
            }
        }
    }
}
