// Reads a float Parametric Map back onto the source series' slices (frames placed as segmentation frames are).
namespace PacsSeg.Dicom.Iod;

/// <summary>Reads DICOM Parametric Map objects with float pixel data.</summary>
public static class ParametricMapReader
{
    /// <summary>One slice of real values per source slice (Rows*Columns floats; slices without a frame are NaN).</summary>
    /// <exception cref="DicomDataException">Not a float map on this geometry.</exception>
    public static IReadOnlyList<float[]> Read(DicomDataset map, SegmentationGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(geometry);
        if (map.GetInt32(DicomTags.Rows) != geometry.Rows || map.GetInt32(DicomTags.Columns) != geometry.Columns)
        {
            throw new DicomDataException("The map's frames do not have the source slices' size.");
        }

        var pixels = geometry.Rows * geometry.Columns;
        var values = map.GetValues<float>(DicomTags.FloatPixelData);
        var perFrame = map.GetSequenceItems(DicomTags.PerFrameFunctionalGroupsSequence);
        if ((long)perFrame.Count * pixels > values.Length)
        {
            throw new DicomDataException($"Float Pixel Data holds {values.Length} values; {perFrame.Count} frames need {(long)perFrame.Count * pixels}.");
        }

        var mapping = map.GetSequenceItems(DicomTags.SharedFunctionalGroupsSequence).FirstOrDefault()?.GetSequenceItems(DicomTags.RealWorldValueMappingSequence).FirstOrDefault();
        var slope = mapping?.GetDoubleOrDefault(DicomTags.RealWorldValueSlope, 1) ?? 1;
        var intercept = mapping?.GetDoubleOrDefault(DicomTags.RealWorldValueIntercept, 0) ?? 0;
        var locator = new SourceSliceLocator(geometry);
        var result = geometry.Slices.Select(_ => Enumerable.Repeat(float.NaN, pixels).ToArray()).ToList();
        for (var f = 0; f < perFrame.Count; f++)
        {
            var target = result[locator.SliceOf(perFrame[f], f)];
            for (var p = 0; p < pixels; p++)
            {
                target[p] = (float)((values[((long)f * pixels) + p] * slope) + intercept);
            }
        }

        return result;
    }
}
