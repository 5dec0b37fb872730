// Reads a binary or fractional Segmentation back onto the source series' slices: each frame is placed by the
// source instance it derives from, else by its Image Position (Patient) along the slice normal.
using PacsSeg.Dicom.Imaging;

namespace PacsSeg.Dicom.Iod;

/// <summary>Reads DICOM Segmentation objects.</summary>
public static class SegmentationReader
{
    /// <summary>Maps the frames of <paramref name="segmentation"/> onto <paramref name="geometry"/>'s slices. Later segments win where segments overlap.</summary>
    /// <exception cref="DicomDataException">The object is not a segmentation on this geometry.</exception>
    public static SegmentationContent Read(DicomDataset segmentation, DicomTransferSyntax syntax, SegmentationGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(geometry);
        var pixels = new DicomPixelData(segmentation, syntax);
        if (pixels.Info.Rows != geometry.Rows || pixels.Info.Columns != geometry.Columns)
        {
            throw new DicomDataException($"Segmentation frames are {pixels.Info.Columns}x{pixels.Info.Rows}; the source slices are {geometry.Columns}x{geometry.Rows}.");
        }

        var fractional = segmentation.GetStringOrDefault(DicomTags.SegmentationType) == "FRACTIONAL";
        var segments = segmentation.GetSequenceItems(DicomTags.SegmentSequence).Select(s => new SegmentDescription(
            s.GetInt32(DicomTags.SegmentNumber),
            s.GetStringOrDefault(DicomTags.SegmentLabel) ?? string.Empty,
            Code(s, DicomTags.SegmentedPropertyCategoryCodeSequence),
            Code(s, DicomTags.SegmentedPropertyTypeCodeSequence),
            AlgorithmName(s),
            s.GetStringOrDefault(DicomTags.AlgorithmVersion) ?? string.Empty,
            Color(s))).ToList();

        var locator = new SourceSliceLocator(geometry);
        var labels = geometry.Slices.Select(_ => new byte[geometry.Rows * geometry.Columns]).ToList();
        var perFrame = segmentation.GetSequenceItems(DicomTags.PerFrameFunctionalGroupsSequence);
        if (perFrame.Count != pixels.NumberOfFrames)
        {
            throw new DicomDataException($"{perFrame.Count} per-frame functional groups for {pixels.NumberOfFrames} frames.");
        }

        for (var f = 0; f < pixels.NumberOfFrames; f++)
        {
            var group = perFrame[f];
            var segment = group.GetSequenceItems(DicomTags.SegmentIdentificationSequence).FirstOrDefault()?.GetInt32(DicomTags.ReferencedSegmentNumber)
                ?? throw new DicomDataException($"Frame {f + 1} has no Segment Identification.");
            var slice = locator.SliceOf(group, f);
            var target = labels[slice];
            if (fractional)
            {
                var values = pixels.GetFrame<byte>(f);
                var max = segmentation.GetInt32OrDefault(DicomTags.MaximumFractionalValue, 255);
                for (var p = 0; p < values.Length; p++)
                {
                    if (values[p] * 2 > max)
                    {
                        target[p] = (byte)segment;
                    }
                }
            }
            else
            {
                var bits = pixels.GetFrame<byte>(f);
                for (var p = 0; p < bits.Length; p++)
                {
                    if (bits[p] != 0)
                    {
                        target[p] = (byte)segment;
                    }
                }
            }
        }

        return new SegmentationContent(segments, labels);
    }

    // The writer puts "name version" in Segment Algorithm Name (viewers show only that); give back the bare name.
    private static string AlgorithmName(DicomDataset segment)
    {
        var name = segment.GetStringOrDefault(DicomTags.SegmentAlgorithmName) ?? string.Empty;
        var version = segment.GetStringOrDefault(DicomTags.AlgorithmVersion);
        return !string.IsNullOrEmpty(version) && name.EndsWith(" " + version, StringComparison.Ordinal) ? name[..^(version.Length + 1)] : name;
    }

    // Recommended Display CIELab Value is optional: a segment without it reads as black.
    private static (byte R, byte G, byte B) Color(DicomDataset segment)
    {
        if (!segment.Contains(DicomTags.RecommendedDisplayCIELabValue))
        {
            return (0, 0, 0);
        }

        var lab = segment.GetValues<ushort>(DicomTags.RecommendedDisplayCIELabValue);
        if (lab.Length != 3)
        {
            throw new DicomDataException($"Recommended Display CIELab Value of segment {segment.GetInt32OrDefault(DicomTags.SegmentNumber, 0)} has {lab.Length} values, not 3.");
        }

        return CieLab.ToSrgb(lab[0], lab[1], lab[2]);
    }

    private static CodedConcept Code(DicomDataset item, DicomTag sequence)
    {
        var code = item.GetSequenceItems(sequence).FirstOrDefault();
        return code is null
            ? new CodedConcept(string.Empty, string.Empty, string.Empty)
            : new CodedConcept(code.GetStringOrDefault(DicomTags.CodeValue) ?? string.Empty, code.GetStringOrDefault(DicomTags.CodingSchemeDesignator) ?? string.Empty, code.GetStringOrDefault(DicomTags.CodeMeaning) ?? string.Empty);
    }
}
