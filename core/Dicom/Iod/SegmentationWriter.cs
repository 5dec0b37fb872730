// Builds a binary Segmentation IOD (PS3.3 A.51) from label slices on a source series' geometry: one segment per
// class, bit-packed frames for the slices each segment touches, shared and per-frame functional groups,
// a two-dimensional index (segment, position) and derivation references to each source slice.
using System.Globalization;

namespace PacsSeg.Dicom.Iod;

/// <summary>Writes DICOM Segmentation objects.</summary>
public static class SegmentationWriter
{
    /// <summary>
    /// Creates the Segmentation dataset. <paramref name="labelSlices"/> holds, per source slice, Rows*Columns bytes
    /// (x fastest) whose value is the segment number (0 = background).
    /// </summary>
    /// <param name="source">Any instance of the source series: patient, study and frame of reference are copied from it.</param>
    /// <param name="geometry">The source series geometry.</param>
    /// <param name="segments">The segments.</param>
    /// <param name="labelSlices">One label slice per source slice.</param>
    /// <param name="seriesNumber">Series number of the new series.</param>
    /// <param name="manufacturerModelName">The product writing it.</param>
    /// <param name="softwareVersion">Its version.</param>
    public static DicomDataset Create(DicomDataset source, SegmentationGeometry geometry, IReadOnlyList<SegmentDescription> segments, IReadOnlyList<byte[]> labelSlices, int seriesNumber = 900, string manufacturerModelName = "PacsSeg", string softwareVersion = "1.0")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(labelSlices);
        var pixels = geometry.Rows * geometry.Columns;
        if (labelSlices.Count != geometry.Slices.Count || labelSlices.Any(s => s.Length != pixels))
        {
            throw new ArgumentException($"Need {geometry.Slices.Count} label slices of {pixels} bytes.", nameof(labelSlices));
        }

        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.ToString("HHmmss", CultureInfo.InvariantCulture);
        var ds = SourceAttributes.CopyPatientAndStudy(source);
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.SegmentationStorage.Value)
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.Modality, DicomVR.CS, "SEG")
            .AddOrUpdateIntegers(DicomTags.SeriesNumber, seriesNumber)
            .AddOrUpdateIntegers(DicomTags.InstanceNumber, 1)
            .AddOrUpdate(DicomTags.PositionReferenceIndicator, DicomVR.LO, string.Empty)
            .AddOrUpdate(DicomTags.Manufacturer, DicomVR.LO, "PacsSeg")
            .AddOrUpdate(DicomTags.ManufacturerModelName, DicomVR.LO, manufacturerModelName)
            .AddOrUpdate(DicomTags.DeviceSerialNumber, DicomVR.LO, "1")
            .AddOrUpdate(DicomTags.SoftwareVersions, DicomVR.LO, softwareVersion)
            .AddOrUpdate(DicomTags.ImageType, DicomVR.CS, "DERIVED", "PRIMARY")
            .AddOrUpdate(DicomTags.ContentDate, DicomVR.DA, date)
            .AddOrUpdate(DicomTags.ContentTime, DicomVR.TM, time)
            .AddOrUpdate(DicomTags.SeriesDate, DicomVR.DA, date)
            .AddOrUpdate(DicomTags.SeriesTime, DicomVR.TM, time)
            .AddOrUpdate(DicomTags.ContentLabel, DicomVR.CS, "PACSSEG")
            .AddOrUpdate(DicomTags.ContentDescription, DicomVR.LO, "Automatic segmentation")
            .AddOrUpdate(DicomTags.ContentCreatorName, DicomVR.PN, string.Empty)
            .AddOrUpdate(DicomTags.SegmentationType, DicomVR.CS, "BINARY")
            .AddOrUpdate(DicomTags.LossyImageCompression, DicomVR.CS, "00")
            .AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)1)
            .AddOrUpdate(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, (ushort)geometry.Rows)
            .AddOrUpdate(DicomTags.Columns, DicomVR.US, (ushort)geometry.Columns)
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, (ushort)1)
            .AddOrUpdate(DicomTags.BitsStored, DicomVR.US, (ushort)1)
            .AddOrUpdate(DicomTags.HighBit, DicomVR.US, (ushort)0)
            .AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, (ushort)0);

        ds.AddOrUpdate(DicomTags.SegmentSequence, segments.Select(SegmentItem).ToArray());

        var dimensionOrganization = DicomUid.Generate().Value;
        ds.AddOrUpdate(DicomTags.DimensionOrganizationSequence, new DicomDataset().AddOrUpdate(DicomTags.DimensionOrganizationUID, DicomVR.UI, dimensionOrganization));
        ds.AddOrUpdate(
            DicomTags.DimensionIndexSequence,
            DimensionIndex(dimensionOrganization, DicomTags.ReferencedSegmentNumber, DicomTags.SegmentIdentificationSequence, "Segment Number"),
            DimensionIndex(dimensionOrganization, DicomTags.ImagePositionPatient, DicomTags.PlanePositionSequence, "Image Position Patient"));

        ds.AddOrUpdate(DicomTags.SharedFunctionalGroupsSequence, new DicomDataset()
            .AddOrUpdate(DicomTags.PlaneOrientationSequence, new DicomDataset().AddOrUpdateDecimals(DicomTags.ImageOrientationPatient, geometry.ImageOrientationPatient))
            .AddOrUpdate(DicomTags.PixelMeasuresSequence, new DicomDataset()
                .AddOrUpdateDecimals(DicomTags.PixelSpacing, geometry.PixelSpacing)
                .AddOrUpdateDecimals(DicomTags.SliceThickness, geometry.SliceThickness)));

        // Frames: for each segment, each slice it touches, in slice order.
        var frames = new List<(SegmentDescription Segment, int Slice)>();
        foreach (var segment in segments)
        {
            for (var z = 0; z < labelSlices.Count; z++)
            {
                if (Array.IndexOf(labelSlices[z], (byte)segment.Number) >= 0)
                {
                    frames.Add((segment, z));
                }
            }
        }

        var perFrame = frames.Select(f => FrameItem(f.Segment, f.Slice, geometry)).ToArray();
        ds.AddOrUpdate(DicomTags.PerFrameFunctionalGroupsSequence, perFrame);
        ds.AddOrUpdateIntegers(DicomTags.NumberOfFrames, frames.Count);

        var sourceSeries = source.GetString(DicomTags.SeriesInstanceUID);
        ds.AddOrUpdate(DicomTags.ReferencedSeriesSequence, new DicomDataset()
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, sourceSeries)
            .AddOrUpdate(DicomTags.ReferencedInstanceSequence, geometry.Slices.Select(s => new DicomDataset()
                .AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, s.SopClassUid)
                .AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, s.SopInstanceUid)).ToArray()));

        // Bit-packed frames, contiguous (PS3.5 8.1.1: frames are not padded to byte boundaries), first pixel in the lowest bit.
        var totalBits = (long)frames.Count * pixels;
        var packed = new byte[((totalBits + 15) / 16) * 2];
        long bit = 0;
        foreach (var (segment, slice) in frames)
        {
            var labels = labelSlices[slice];
            for (var p = 0; p < pixels; p++, bit++)
            {
                if (labels[p] == segment.Number)
                {
                    packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        ds.AddOrUpdate(DicomTags.PixelData, DicomVR.OB, packed);
        return ds;
    }

    private static DicomDataset SegmentItem(SegmentDescription s)
    {
        var (l, a, b) = CieLab.FromSrgb(s.Color.R, s.Color.G, s.Color.B);
        return new DicomDataset()
            .AddOrUpdate(DicomTags.SegmentNumber, DicomVR.US, (ushort)s.Number)
            .AddOrUpdate(DicomTags.SegmentLabel, DicomVR.LO, s.Label)
            .AddOrUpdate(DicomTags.SegmentAlgorithmType, DicomVR.CS, "AUTOMATIC")
            .AddOrUpdate(DicomTags.SegmentAlgorithmName, DicomVR.LO, $"{s.AlgorithmName} {s.AlgorithmVersion}")
            .AddOrUpdate(DicomTags.SegmentedPropertyCategoryCodeSequence, s.Category.ToItem())
            .AddOrUpdate(DicomTags.SegmentedPropertyTypeCodeSequence, s.Type.ToItem())
            .AddOrUpdate(DicomTags.RecommendedDisplayCIELabValue, DicomVR.US, l, a, b)
            .AddOrUpdate(DicomTags.AlgorithmFamilyCodeSequence, new CodedConcept("123110", "DCM", "Artificial Intelligence").ToItem())
            .AddOrUpdate(DicomTags.AlgorithmName, DicomVR.LO, s.AlgorithmName)
            .AddOrUpdate(DicomTags.AlgorithmVersion, DicomVR.LO, s.AlgorithmVersion);
    }

    private static DicomDataset DimensionIndex(string organization, DicomTag pointer, DicomTag group, string description) => new DicomDataset()
        .AddOrUpdate(DicomTags.DimensionOrganizationUID, DicomVR.UI, organization)
        .AddOrUpdate(DicomTags.DimensionIndexPointer, DicomVR.AT, pointer.Group, pointer.Element)
        .AddOrUpdate(DicomTags.FunctionalGroupPointer, DicomVR.AT, group.Group, group.Element)
        .AddOrUpdate(DicomTags.DimensionDescriptionLabel, DicomVR.LO, description);

    private static DicomDataset FrameItem(SegmentDescription segment, int slice, SegmentationGeometry geometry)
    {
        var source = geometry.Slices[slice];
        var sourceImage = new DicomDataset()
            .AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, source.SopClassUid)
            .AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, source.SopInstanceUid)
            .AddOrUpdate(DicomTags.PurposeOfReferenceCodeSequence, new CodedConcept("121322", "DCM", "Source image for image processing operation").ToItem());
        return new DicomDataset()
            .AddOrUpdate(DicomTags.DerivationImageSequence, new DicomDataset()
                .AddOrUpdate(DicomTags.DerivationCodeSequence, new CodedConcept("113076", "DCM", "Segmentation").ToItem())
                .AddOrUpdate(DicomTags.SourceImageSequence, sourceImage))
            .AddOrUpdate(DicomTags.FrameContentSequence, new DicomDataset()
                .AddOrUpdate(DicomTags.DimensionIndexValues, DicomVR.UL, (uint)segment.Number, (uint)(slice + 1)))
            .AddOrUpdate(DicomTags.PlanePositionSequence, new DicomDataset().AddOrUpdateDecimals(DicomTags.ImagePositionPatient, source.ImagePositionPatient))
            .AddOrUpdate(DicomTags.SegmentIdentificationSequence, new DicomDataset().AddOrUpdate(DicomTags.ReferencedSegmentNumber, DicomVR.US, (ushort)segment.Number));
    }
}
