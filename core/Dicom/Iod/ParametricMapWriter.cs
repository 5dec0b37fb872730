// Builds a Parametric Map IOD (PS3.3 A.75) of float32 values (e.g. voxel uncertainty) on a source series'
// geometry: one frame per source slice, a real world value mapping to the stated unit, derivation references.
using System.Globalization;

namespace PacsSeg.Dicom.Iod;

/// <summary>Writes DICOM Parametric Map objects.</summary>
public static class ParametricMapWriter
{
    // Image flavor and derived pixel contrast (values 3 and 4) say nothing more specific about a model's output.
    private static readonly string[] ImageType = ["DERIVED", "PRIMARY", "OTHER", "NONE"];

    /// <summary>
    /// Creates the Parametric Map dataset. <paramref name="valueSlices"/> holds, per source slice, Rows*Columns floats (x fastest).
    /// </summary>
    /// <param name="source">Any instance of the source series: patient, study and frame of reference are copied from it.</param>
    /// <param name="geometry">The source series geometry (the same record segmentations use).</param>
    /// <param name="valueSlices">One slice of values per source slice.</param>
    /// <param name="quantity">What the values are (e.g. DCM 130083 ... or a local code), shown as the mapping's label.</param>
    /// <param name="unit">UCUM unit of the values (e.g. UCUM "1" "no units").</param>
    /// <param name="seriesNumber">Series number of the new series.</param>
    /// <param name="softwareVersion">Version of the product writing it.</param>
    public static DicomDataset Create(DicomDataset source, SegmentationGeometry geometry, IReadOnlyList<float[]> valueSlices, CodedConcept quantity, CodedConcept unit, int seriesNumber = 901, string softwareVersion = "1.0")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(valueSlices);
        ArgumentNullException.ThrowIfNull(quantity);
        ArgumentNullException.ThrowIfNull(unit);
        var pixels = geometry.Rows * geometry.Columns;
        if (valueSlices.Count != geometry.Slices.Count || valueSlices.Any(s => s.Length != pixels))
        {
            throw new ArgumentException($"Need {geometry.Slices.Count} value slices of {pixels} floats.", nameof(valueSlices));
        }

        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.ToString("HHmmss", CultureInfo.InvariantCulture);
        var ds = SourceAttributes.CopyPatientAndStudy(source);
        var min = valueSlices.Min(s => s.Length == 0 ? 0 : s.Min());
        var max = valueSlices.Max(s => s.Length == 0 ? 0 : s.Max());
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.ParametricMapStorage.Value)
            .AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, DicomUid.Generate().Value)
            .AddOrUpdate(DicomTags.Modality, DicomVR.CS, source.GetStringOrDefault(DicomTags.Modality) ?? "OT")
            .AddOrUpdateIntegers(DicomTags.SeriesNumber, seriesNumber)
            .AddOrUpdateIntegers(DicomTags.InstanceNumber, 1)
            .AddOrUpdate(DicomTags.PositionReferenceIndicator, DicomVR.LO, string.Empty)
            .AddOrUpdate(DicomTags.Manufacturer, DicomVR.LO, "PacsSeg")
            .AddOrUpdate(DicomTags.ManufacturerModelName, DicomVR.LO, "PacsSeg")
            .AddOrUpdate(DicomTags.DeviceSerialNumber, DicomVR.LO, "1")
            .AddOrUpdate(DicomTags.SoftwareVersions, DicomVR.LO, softwareVersion)
            .AddOrUpdate(DicomTags.ImageType, DicomVR.CS, ImageType)
            .AddOrUpdate(DicomTags.Laterality, DicomVR.CS, string.Empty)
            .AddOrUpdate(DicomTags.RecognizableVisualFeatures, DicomVR.CS, "NO")
            .AddOrUpdate(DicomTags.ContentQualification, DicomVR.CS, "RESEARCH")
            .AddOrUpdate(DicomTags.ContentDate, DicomVR.DA, date)
            .AddOrUpdate(DicomTags.ContentTime, DicomVR.TM, time)
            .AddOrUpdate(DicomTags.SeriesDate, DicomVR.DA, date)
            .AddOrUpdate(DicomTags.SeriesTime, DicomVR.TM, time)
            .AddOrUpdate(DicomTags.ContentLabel, DicomVR.CS, "PACSSEG_MAP")
            .AddOrUpdate(DicomTags.ContentDescription, DicomVR.LO, quantity.Meaning)
            .AddOrUpdate(DicomTags.ContentCreatorName, DicomVR.PN, string.Empty)
            .AddOrUpdate(DicomTags.LossyImageCompression, DicomVR.CS, "00")
            .AddOrUpdate(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO")
            .AddOrUpdate(DicomTags.PresentationLUTShape, DicomVR.CS, "IDENTITY")
            .AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)1)
            .AddOrUpdate(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .AddOrUpdate(DicomTags.Rows, DicomVR.US, (ushort)geometry.Rows)
            .AddOrUpdate(DicomTags.Columns, DicomVR.US, (ushort)geometry.Columns)
            .AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, (ushort)32)
            .AddOrUpdate(DicomTags.AcquisitionContextSequence, Array.Empty<DicomDataset>());

        var dimensionOrganization = DicomUid.Generate().Value;
        ds.AddOrUpdate(DicomTags.DimensionOrganizationSequence, new DicomDataset().AddOrUpdate(DicomTags.DimensionOrganizationUID, DicomVR.UI, dimensionOrganization));
        ds.AddOrUpdate(DicomTags.DimensionIndexSequence, new DicomDataset()
            .AddOrUpdate(DicomTags.DimensionOrganizationUID, DicomVR.UI, dimensionOrganization)
            .AddOrUpdate(DicomTags.DimensionIndexPointer, DicomVR.AT, DicomTags.ImagePositionPatient.Group, DicomTags.ImagePositionPatient.Element)
            .AddOrUpdate(DicomTags.FunctionalGroupPointer, DicomVR.AT, DicomTags.PlanePositionSequence.Group, DicomTags.PlanePositionSequence.Element)
            .AddOrUpdate(DicomTags.DimensionDescriptionLabel, DicomVR.LO, "Image Position Patient"));

        var mapping = new DicomDataset()
            .AddOrUpdate(DicomTags.LUTExplanation, DicomVR.LO, quantity.Meaning)
            .AddOrUpdate(DicomTags.LUTLabel, DicomVR.SH, quantity.Value.Length <= 16 ? quantity.Value : quantity.Value[..16])
            .AddOrUpdate(DicomTags.MeasurementUnitsCodeSequence, unit.ToItem())
            .AddOrUpdate(DicomTags.QuantityDefinitionSequence, new DicomDataset()
                .AddOrUpdate(DicomTags.ValueType, DicomVR.CS, "CODE")
                .AddOrUpdate(DicomTags.ConceptNameCodeSequence, new CodedConcept("246205007", "SCT", "Quantity").ToItem())
                .AddOrUpdate(DicomTags.ConceptCodeSequence, quantity.ToItem()))
            .AddOrUpdate(DicomTags.DoubleFloatRealWorldValueFirstValueMapped, DicomVR.FD, (double)min)
            .AddOrUpdate(DicomTags.DoubleFloatRealWorldValueLastValueMapped, DicomVR.FD, (double)max)
            .AddOrUpdate(DicomTags.RealWorldValueIntercept, DicomVR.FD, 0.0)
            .AddOrUpdate(DicomTags.RealWorldValueSlope, DicomVR.FD, 1.0);
        ds.AddOrUpdate(DicomTags.SharedFunctionalGroupsSequence, new DicomDataset()
            .AddOrUpdate(DicomTags.PlaneOrientationSequence, new DicomDataset().AddOrUpdateDecimals(DicomTags.ImageOrientationPatient, geometry.ImageOrientationPatient))
            .AddOrUpdate(DicomTags.PixelMeasuresSequence, new DicomDataset()
                .AddOrUpdateDecimals(DicomTags.PixelSpacing, geometry.PixelSpacing)
                .AddOrUpdateDecimals(DicomTags.SliceThickness, geometry.SliceThickness))
            .AddOrUpdate(DicomTags.FrameVOILUTSequence, new DicomDataset()
                .AddOrUpdateDecimals(DicomTags.WindowCenter, (min + max) / 2.0)
                .AddOrUpdateDecimals(DicomTags.WindowWidth, Math.Max(max - min, 1e-6))
                .AddOrUpdate(DicomTags.VOILUTFunction, DicomVR.CS, "LINEAR_EXACT"))
            .AddOrUpdate(DicomTags.PixelValueTransformationSequence, new DicomDataset()
                .AddOrUpdateDecimals(DicomTags.RescaleIntercept, 0)
                .AddOrUpdateDecimals(DicomTags.RescaleSlope, 1)
                .AddOrUpdate(DicomTags.RescaleType, DicomVR.LO, "US"))
            .AddOrUpdate(DicomTags.ParametricMapFrameTypeSequence, new DicomDataset().AddOrUpdate(DicomTags.FrameType, DicomVR.CS, ImageType))
            .AddOrUpdate(DicomTags.RealWorldValueMappingSequence, mapping));

        var perFrame = Enumerable.Range(0, geometry.Slices.Count).Select(z =>
        {
            var s = geometry.Slices[z];
            return new DicomDataset()
                .AddOrUpdate(DicomTags.DerivationImageSequence, new DicomDataset()
                    .AddOrUpdate(DicomTags.DerivationCodeSequence, new CodedConcept("110001", "DCM", "Image Processing").ToItem())
                    .AddOrUpdate(DicomTags.SourceImageSequence, new DicomDataset()
                        .AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, s.SopClassUid)
                        .AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, s.SopInstanceUid)
                        .AddOrUpdate(DicomTags.PurposeOfReferenceCodeSequence, new CodedConcept("121322", "DCM", "Source image for image processing operation").ToItem())))
                .AddOrUpdate(DicomTags.FrameContentSequence, new DicomDataset().AddOrUpdate(DicomTags.DimensionIndexValues, DicomVR.UL, (uint)(z + 1)))
                .AddOrUpdate(DicomTags.PlanePositionSequence, new DicomDataset().AddOrUpdateDecimals(DicomTags.ImagePositionPatient, s.ImagePositionPatient));
        }).ToArray();
        ds.AddOrUpdate(DicomTags.PerFrameFunctionalGroupsSequence, perFrame);
        ds.AddOrUpdateIntegers(DicomTags.NumberOfFrames, geometry.Slices.Count);

        ds.AddOrUpdate(DicomTags.ReferencedSeriesSequence, new DicomDataset()
            .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, source.GetString(DicomTags.SeriesInstanceUID))
            .AddOrUpdate(DicomTags.ReferencedInstanceSequence, geometry.Slices.Select(s => new DicomDataset()
                .AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, s.SopClassUid)
                .AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, s.SopInstanceUid)).ToArray()));

        var values = new float[(long)pixels * geometry.Slices.Count];
        for (var z = 0; z < valueSlices.Count; z++)
        {
            valueSlices[z].CopyTo(values, (long)z * pixels);
        }

        ds.AddOrUpdate(DicomTags.FloatPixelData, DicomVR.OF, values);
        return ds;
    }
}
