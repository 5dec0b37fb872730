// Reads a DICOM Segmentation or Parametric Map onto a series' voxel grid. The object's own frames define a
// regular grid (its plane positions along its slice normal, its pixel measures); frames are placed on that grid
// by position, then the volume is resampled onto the series grid (exactly, when both grids line up). The object
// must belong to the series: the same frame of reference, or a reference to the series itself.
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Processing;

namespace PacsSeg.Engine.Scene;

public static class DicomOverlayReader
{
    /// <summary>The kind of overlay a DICOM file holds, or null when it is neither a SEG nor a Parametric Map (or not DICOM).</summary>
    public static OverlayKind? Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) || NiftiSceneSource.IsNifti(path))
            return null;
        try
        {
            return KindOf(DicomFile.Open(path).Dataset);
        }
        catch (Exception e) when (e is PacsSeg.Dicom.IO.DicomParseException or DicomDataException or EndOfStreamException)
        {
            return null;
        }
    }

    private static OverlayKind? KindOf(DicomDataset ds) => ds.GetStringOrDefault(DicomTags.SOPClassUID) switch
    {
        var s when s == DicomUids.SegmentationStorage.Value => OverlayKind.Labels,
        var s when s == DicomUids.ParametricMapStorage.Value => OverlayKind.Uncertainty,
        _ => null,
    };

    /// <summary>Reads a SEG as a label volume on <paramref name="target"/> with one label per segment (its recommended colour when present).</summary>
    /// <exception cref="SceneException">Not a SEG, not on this series, or malformed.</exception>
    public static (Volume<byte> Labels, IReadOnlyList<LabelInfo> Infos) ReadSegmentation(string path, SeriesIdentity series, VolumeGeometry target, CancellationToken cancellationToken)
    {
        var file = Open(path, OverlayKind.Labels, series);
        try
        {
            var (geometry, grid) = OwnGrid(file.Dataset);
            var content = SegmentationReader.Read(file.Dataset, file.TransferSyntax, geometry);
            var voxels = new byte[grid.VoxelCount];
            for (int k = 0; k < content.LabelSlices.Count; k++)
                content.LabelSlices[k].CopyTo(voxels, (long)k * geometry.Rows * geometry.Columns);
            var own = new Volume<byte>(grid, voxels);
            var labels = own.Geometry.SameGridAs(target) ? new Volume<byte>(target, voxels) : Resampler.Nearest(own, target, (byte)0, cancellationToken);
            return (labels, Infos(file.Dataset));
        }
        catch (DicomDataException e)
        {
            throw new SceneException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads a Parametric Map as uncertainty on <paramref name="target"/> (slices without a frame read 0).</summary>
    /// <exception cref="SceneException">Not a Parametric Map, not on this series, or malformed.</exception>
    public static Volume<float> ReadParametricMap(string path, SeriesIdentity series, VolumeGeometry target, CancellationToken cancellationToken)
    {
        var file = Open(path, OverlayKind.Uncertainty, series);
        try
        {
            var (geometry, grid) = OwnGrid(file.Dataset);
            var slices = ParametricMapReader.Read(file.Dataset, geometry);
            var voxels = new float[grid.VoxelCount];
            int n = geometry.Rows * geometry.Columns;
            for (int k = 0; k < slices.Count; k++)
            {
                for (int p = 0; p < n; p++)
                {
                    float v = slices[k][p];
                    voxels[(long)k * n + p] = float.IsFinite(v) ? v : 0f;
                }
            }
            var own = new Volume<float>(grid, voxels);
            return own.Geometry.SameGridAs(target) ? new Volume<float>(target, voxels) : Resampler.Linear(own, target, 0f, cancellationToken);
        }
        catch (DicomDataException e)
        {
            throw new SceneException($"'{path}': {e.Message}", e);
        }
    }

    private static DicomFile Open(string path, OverlayKind expected, SeriesIdentity series)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path);
        }
        catch (Exception e) when (e is PacsSeg.Dicom.IO.DicomParseException or DicomDataException or EndOfStreamException)
        {
            throw new SceneException($"'{path}' is not readable DICOM: {e.Message}", e);
        }
        var kind = KindOf(file.Dataset);
        if (kind != expected)
            throw new SceneException($"'{path}' is not a DICOM {(expected == OverlayKind.Labels ? "Segmentation" : "Parametric Map")}.");
        CheckBelongsTo(path, file.Dataset, series);
        return file;
    }

    private static void CheckBelongsTo(string path, DicomDataset ds, SeriesIdentity series)
    {
        string? frame = ds.GetStringOrDefault(DicomTags.FrameOfReferenceUID);
        var referenced = ds.GetSequenceItems(DicomTags.ReferencedSeriesSequence)
            .Select(i => i.GetStringOrDefault(DicomTags.SeriesInstanceUID)).Where(u => !string.IsNullOrEmpty(u)).ToList();
        bool sameFrame = frame is not null && frame == series.FrameOfReferenceUid;
        bool refersToSeries = series.SeriesInstanceUid is not null && referenced.Contains(series.SeriesInstanceUid);
        if (frame is not null && series.FrameOfReferenceUid is not null && !sameFrame)
            throw new SceneException($"'{path}' is in frame of reference {frame}, the series in {series.FrameOfReferenceUid}: it does not belong to this series.");
        if (!sameFrame && !refersToSeries)
            throw new SceneException($"'{path}' neither shares the series' frame of reference nor references the series {series.SeriesInstanceUid ?? "(unknown)"}.");
    }

    // The object's own regular grid: its rows/columns and pixel measures, slices from the lowest to the highest
    // frame position along the normal, one slice spacing apart.
    private static (SegmentationGeometry Geometry, VolumeGeometry Grid) OwnGrid(DicomDataset ds)
    {
        int rows = ds.GetInt32(DicomTags.Rows), columns = ds.GetInt32(DicomTags.Columns);
        var shared = ds.GetSequenceItems(DicomTags.SharedFunctionalGroupsSequence).FirstOrDefault();
        var perFrame = ds.GetSequenceItems(DicomTags.PerFrameFunctionalGroupsSequence);
        if (rows <= 0 || columns <= 0 || perFrame.Count == 0)
            throw new DicomDataException("The object has no frames.");
        DicomDataset? Group(DicomTag sequence) =>
            shared?.GetSequenceItems(sequence).FirstOrDefault() ?? perFrame[0].GetSequenceItems(sequence).FirstOrDefault();
        var iop = Group(DicomTags.PlaneOrientationSequence)?.GetDoubles(DicomTags.ImageOrientationPatient);
        var measures = Group(DicomTags.PixelMeasuresSequence);
        var spacing = measures?.GetDoubles(DicomTags.PixelSpacing);
        if (iop is not { Length: 6 } || spacing is not { Length: 2 } || spacing[0] <= 0 || spacing[1] <= 0)
            throw new DicomDataException("The object has no plane orientation or pixel spacing.");
        var row = new Vec3(iop[0], iop[1], iop[2]);
        var col = new Vec3(iop[3], iop[4], iop[5]);
        var normal = Vec3.Cross(row, col);
        var positions = new List<Vec3>();
        foreach (var frame in perFrame)
        {
            var p = frame.GetSequenceItems(DicomTags.PlanePositionSequence).FirstOrDefault()?.GetDoubles(DicomTags.ImagePositionPatient);
            if (p is not { Length: 3 })
                throw new DicomDataException("A frame has no Image Position (Patient).");
            positions.Add(new Vec3(p[0], p[1], p[2]));
        }
        var along = positions.Select(p => Vec3.Dot(normal, p)).Distinct().Order().ToList();
        var distinct = new List<double> { along[0] };
        foreach (double d in along.Skip(1))
        {
            if (d - distinct[^1] > 1e-3)
                distinct.Add(d);
        }
        double thickness = measures!.GetDoubleOrDefault(DicomTags.SliceThickness, 0);
        double between = measures.GetDoubleOrDefault(DicomTags.SpacingBetweenSlices, 0);
        double step = distinct.Count > 1 ? distinct.Zip(distinct.Skip(1), (a, b) => b - a).Min() : (between > 0 ? between : thickness > 0 ? thickness : 1);
        if (between > 0 && between < step)
            step = between;
        long count = (long)Math.Round((distinct[^1] - distinct[0]) / step) + 1;
        if (count > 4096 || (long)rows * columns * count > 1L << 31)
            throw new DicomDataException($"The frames span {count} slices of {columns}x{rows}; too large to show.");
        var first = positions.First(p => Math.Abs(Vec3.Dot(normal, p) - distinct[0]) <= 1e-3);
        var slices = new List<SourceImage>();
        for (int k = 0; k < count; k++)
        {
            var at = first + normal * (k * step);
            slices.Add(new SourceImage(string.Empty, $"grid-slice-{k}", [at.X, at.Y, at.Z]));
        }
        var geometry = new SegmentationGeometry(rows, columns, spacing, step, iop, slices);
        var grid = new VolumeGeometry(columns, rows, (int)count, first, new Vec3(spacing[1], spacing[0], step), Mat3.FromColumns(row, col, normal));
        return (geometry, grid);
    }

    private static IReadOnlyList<LabelInfo> Infos(DicomDataset ds)
    {
        var list = new List<LabelInfo>();
        foreach (var item in ds.GetSequenceItems(DicomTags.SegmentSequence))
        {
            int number = item.GetInt32(DicomTags.SegmentNumber);
            if (number is < 1 or > 255)
                throw new DicomDataException($"Segment number {number} is outside 1..255.");
            string name = item.GetStringOrDefault(DicomTags.SegmentLabel) ?? $"segment {number}";
            var (r, g, b) = DefaultColor(number);
            if (item.Find(DicomTags.RecommendedDisplayCIELabValue) is not null && item.GetValues<ushort>(DicomTags.RecommendedDisplayCIELabValue) is { Length: 3 } lab)
                (r, g, b) = CieLabColor.ToSrgb(lab[0], lab[1], lab[2]);
            list.Add(new LabelInfo((byte)number, name, r, g, b));
        }
        return list;
    }

    private static (float, float, float) DefaultColor(int number) => ViewerScene.PaletteColor(number);
}
