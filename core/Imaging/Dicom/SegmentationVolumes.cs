// Bridges volumes and the DICOM result objects: a SEG or Parametric Map is drawn on the source series'
// own slices, so the adapter takes the slice order from the assembled series (slice k of the volume is
// Slices[k]) and the SOP identities from the source instances, matched by Image Position (Patient).
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Dicom;

/// <summary>Converts between volumes on a source series' grid and Segmentation / Parametric Map content.</summary>
public static class SegmentationVolumes
{
    // Positions come from the same DS strings on both sides; this only absorbs decimal round-off.
    private const double PositionToleranceMm = 1e-3;

    /// <summary>
    /// The segmentation geometry of <paramref name="series"/>, its slices in volume order, identified by the
    /// classic single-frame instances in <paramref name="sourceInstances"/> (any order).
    /// </summary>
    /// <exception cref="ArgumentException">An instance is multi-frame, or a slice has no instance at its position.</exception>
    public static SegmentationGeometry GeometryOf(AssembledSeries series, IEnumerable<DicomDataset> sourceInstances)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(sourceInstances);
        var candidates = new List<(Vec3 Position, string SopClass, string SopInstance)>();
        foreach (var ds in sourceInstances)
        {
            var sop = ds.GetStringOrDefault(DicomTags.SOPInstanceUID) ?? throw new ArgumentException("A source instance has no SOP Instance UID.", nameof(sourceInstances));
            // One SOP instance per slice is what the readers locate frames by; enhanced objects would need frame references.
            if (ds.GetInt32OrDefault(DicomTags.NumberOfFrames, 1) > 1)
                throw new ArgumentException($"Source instance {sop} is multi-frame; only classic single-frame series are supported.", nameof(sourceInstances));
            var p = ds.GetDoubles(DicomTags.ImagePositionPatient);
            if (p.Length != 3)
                throw new ArgumentException($"Source instance {sop} has no Image Position (Patient).", nameof(sourceInstances));
            candidates.Add((new Vec3(p[0], p[1], p[2]), ds.GetStringOrDefault(DicomTags.SOPClassUID) ?? string.Empty, sop));
        }

        var slices = new List<SourceImage>(series.Slices.Count);
        foreach (var slice in series.Slices)
        {
            var matches = candidates.Where(c => Vec3.Distance(c.Position, slice.Position) <= PositionToleranceMm).ToList();
            if (matches.Count != 1)
                throw new ArgumentException($"{matches.Count} source instances lie at {slice.Position} (slice {slice.Source}); exactly one is needed.", nameof(sourceInstances));
            slices.Add(new SourceImage(matches[0].SopClass, matches[0].SopInstance, [slice.Position.X, slice.Position.Y, slice.Position.Z]));
        }

        var first = series.Slices[0];
        return new SegmentationGeometry(
            first.Rows,
            first.Columns,
            [first.RowSpacing, first.ColumnSpacing],
            first.SliceThickness ?? series.Volume.Geometry.Spacing.Z,
            [first.RowDirection.X, first.RowDirection.Y, first.RowDirection.Z, first.ColumnDirection.X, first.ColumnDirection.Y, first.ColumnDirection.Z],
            slices);
    }

    /// <summary>The label slices for <see cref="SegmentationWriter.Create"/>: one per source slice, in geometry order.</summary>
    /// <exception cref="ArgumentException">The volume is not on the series' grid.</exception>
    public static IReadOnlyList<byte[]> ToSlices(Volume<byte> labels, AssembledSeries series) => Slices(labels, series);

    /// <summary>The value slices for <see cref="ParametricMapWriter.Create"/>: one per source slice, in geometry order.</summary>
    /// <exception cref="ArgumentException">The volume is not on the series' grid.</exception>
    public static IReadOnlyList<float[]> ToSlices(Volume<float> values, AssembledSeries series) => Slices(values, series);

    /// <summary>A label volume on the series' grid from what <see cref="SegmentationReader.Read"/> returned for <see cref="GeometryOf"/>.</summary>
    public static Volume<byte> ToLabelVolume(SegmentationContent content, AssembledSeries series)
    {
        ArgumentNullException.ThrowIfNull(content);
        return FromSlices(content.LabelSlices, series);
    }

    /// <summary>A value volume on the series' grid from what <see cref="ParametricMapReader.Read"/> returned for <see cref="GeometryOf"/>.</summary>
    public static Volume<float> ToValueVolume(IReadOnlyList<float[]> mapSlices, AssembledSeries series) => FromSlices(mapSlices, series);

    private static T[][] Slices<T>(Volume<T> volume, AssembledSeries series)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(series);
        if (!volume.Geometry.SameGridAs(series.Volume.Geometry))
            throw new ArgumentException($"The volume ({volume.Geometry}) is not on the source series' grid ({series.Volume.Geometry}).", nameof(volume));
        return Enumerable.Range(0, volume.SizeZ).Select(k => volume.Slice(k).ToArray()).ToArray();
    }

    private static Volume<T> FromSlices<T>(IReadOnlyList<T[]> slices, AssembledSeries series)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(series);
        var geometry = series.Volume.Geometry;
        var plane = geometry.SizeX * geometry.SizeY;
        if (slices.Count != geometry.SizeZ || slices.Any(s => s.Length != plane))
            throw new ArgumentException($"Need {geometry.SizeZ} slices of {plane} values for {geometry}.", nameof(slices));
        var volume = new Volume<T>(geometry);
        for (var k = 0; k < slices.Count; k++)
            slices[k].CopyTo(volume.Slice(k));
        return volume;
    }
}
