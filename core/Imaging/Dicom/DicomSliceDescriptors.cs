// DICOM datasets -> slice descriptors: one per classic image, one per frame of an enhanced multi-frame
// image (per-frame functional groups first, then shared), with pixel readers over the native Pixel Data.
using PacsSeg.Dicom;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Dicom;

public static class DicomSliceDescriptors
{
    /// <summary>The frames of one image as descriptors; <paramref name="source"/> names it in errors (e.g. the file name).</summary>
    public static IReadOnlyList<SliceDescriptor> Describe(DicomDataset dataset, DicomTransferSyntax transferSyntax, string source)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        try
        {
            return DescribeCore(dataset, transferSyntax, source);
        }
        catch (DicomDataException e)
        {
            throw new SeriesAssemblyException(SeriesProblem.InvalidAttribute, $"{source}: {e.Message}", e);
        }
    }

    private static IReadOnlyList<SliceDescriptor> DescribeCore(DicomDataset ds, DicomTransferSyntax syntax, string source)
    {
        var layout = DicomPixelLayout.From(ds, syntax, source);
        int frames = ds.GetInt32OrDefault(DicomTags.NumberOfFrames, 1);
        if (frames < 1)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has Number of Frames {frames}.");
        var pixelData = ds.FindElement(DicomTags.PixelData)
            ?? throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{source} has no native Pixel Data.");
        long needed = (long)frames * layout.FrameBytes;
        if (pixelData.Length < needed)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData,
                $"{source}: Pixel Data holds {pixelData.Length} bytes, {frames} frame(s) of {layout.Columns}x{layout.Rows}x{layout.BitsAllocated} bits need {needed}.");

        string uid = ds.GetStringOrDefault(DicomTags.SOPInstanceUID) ?? "";
        string name = uid.Length > 0 ? $"{source} ({uid})" : source;
        string? frameOfReference = ds.GetStringOrDefault(DicomTags.FrameOfReferenceUID);
        int? instanceNumber = ds.GetDoubles(DicomTags.InstanceNumber) is [var number, ..] ? (int)number : null;
        var perFrame = ds.GetSequenceItems(DicomTags.PerFrameFunctionalGroupsSequence);
        var shared = ds.GetSequenceItems(DicomTags.SharedFunctionalGroupsSequence) is [var s, ..] ? s : null;
        bool enhanced = perFrame.Count > 0 || shared is not null;
        if (enhanced && perFrame.Count != 0 && perFrame.Count != frames)
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"{name} has {frames} frames but {perFrame.Count} per-frame functional groups.");

        var result = new SliceDescriptor[frames];
        for (int f = 0; f < frames; f++)
        {
            DicomDataset? frameGroups = perFrame.Count > 0 ? perFrame[f] : null;
            double[] Lookup(DicomTag sequence, DicomTag attribute)
            {
                if (!enhanced)
                    return ds.GetDoubles(attribute);
                foreach (var groups in new[] { frameGroups, shared })
                {
                    if (groups?.GetSequenceItems(sequence) is [var item, ..] && item.GetDoubles(attribute) is { Length: > 0 } values)
                        return values;
                }
                // Some writers leave pixel value transformations at the top level of enhanced objects.
                return ds.GetDoubles(attribute);
            }

            var position = Lookup(DicomTags.PlanePositionSequence, DicomTags.ImagePositionPatient);
            var orientation = Lookup(DicomTags.PlaneOrientationSequence, DicomTags.ImageOrientationPatient);
            var spacing = Lookup(DicomTags.PixelMeasuresSequence, DicomTags.PixelSpacing);
            var thickness = Lookup(DicomTags.PixelMeasuresSequence, DicomTags.SliceThickness);
            var slope = Lookup(DicomTags.PixelValueTransformationSequence, DicomTags.RescaleSlope);
            var intercept = Lookup(DicomTags.PixelValueTransformationSequence, DicomTags.RescaleIntercept);
            string frameName = frames > 1 ? $"{name} frame {f + 1}" : name;
            if (position.Length != 3)
                throw new SeriesAssemblyException(SeriesProblem.InvalidOrientation, $"{frameName} has no Image Position (Patient) (got {position.Length} values).");
            if (orientation.Length != 6)
                throw new SeriesAssemblyException(SeriesProblem.InvalidOrientation, $"{frameName} has no Image Orientation (Patient) (got {orientation.Length} values).");
            if (spacing.Length != 2)
                throw new SeriesAssemblyException(SeriesProblem.MixedPixelSpacing, $"{frameName} has no Pixel Spacing (got {spacing.Length} values).");
            result[f] = new SliceDescriptor
            {
                Source = frameName,
                Rows = layout.Rows,
                Columns = layout.Columns,
                Position = new Vec3(position[0], position[1], position[2]),
                RowDirection = new Vec3(orientation[0], orientation[1], orientation[2]),
                ColumnDirection = new Vec3(orientation[3], orientation[4], orientation[5]),
                RowSpacing = spacing[0],
                ColumnSpacing = spacing[1],
                SliceThickness = thickness is [var t, ..] ? t : null,
                RescaleSlope = slope is [var sl, ..] && sl != 0 ? sl : 1,
                RescaleIntercept = intercept is [var ic, ..] ? ic : 0,
                FrameOfReferenceUid = frameOfReference,
                InstanceNumber = instanceNumber,
                Pixels = layout.Reader(pixelData.Buffer, f),
            };
        }
        return result;
    }
}
