// Adapts an assembled series (PacsSeg.Imaging) to the SegmentationGeometry the DICOM writers take: rows and
// columns of the volume, its spacing and orientation, and per slice the source SOP instance it came from.
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Plugin.Inference;

public static class SeriesGeometry
{
    /// <summary>Builds the geometry; <paramref name="pathsByName"/> maps a slice's file name to the spooled file.</summary>
    /// <returns>The geometry and the dataset of the first slice (patient, study, frame of reference for the results).</returns>
    public static (SegmentationGeometry Geometry, DicomDataset FirstSource) From(AssembledSeries series, IReadOnlyDictionary<string, string> pathsByName)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(pathsByName);
        var volume = series.Volume;
        var slices = new List<SourceImage>(series.Slices.Count);
        DicomDataset? first = null;
        foreach (var slice in series.Slices)
        {
            // The reader names a slice "FILE", "FILE (SOP UID)" or "FILE frame N"; only the first two are single-frame.
            int paren = slice.Source.IndexOf(" (", StringComparison.Ordinal);
            string name = paren > 0 ? slice.Source[..paren] : slice.Source;
            if (!pathsByName.TryGetValue(name, out var path))
                throw new InvalidOperationException($"Slice '{slice.Source}' is not a single-frame instance of the job; multi-frame sources are not supported for results.");
            var dataset = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 1024 }).Dataset;
            first ??= dataset;
            slices.Add(new SourceImage(dataset.GetString(DicomTags.SOPClassUID), dataset.GetString(DicomTags.SOPInstanceUID),
                [slice.Position.X, slice.Position.Y, slice.Position.Z]));
        }
        var s0 = series.Slices[0];
        var geometry = new SegmentationGeometry(volume.SizeY, volume.SizeX, [volume.Geometry.Spacing.Y, volume.Geometry.Spacing.X],
            s0.SliceThickness ?? volume.Geometry.Spacing.Z,
            [s0.RowDirection.X, s0.RowDirection.Y, s0.RowDirection.Z, s0.ColumnDirection.X, s0.ColumnDirection.Y, s0.ColumnDirection.Z], slices);
        return (geometry, first!);
    }
}
