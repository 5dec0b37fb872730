// A small axial CT series written with our own writer, for tests that need real DICOM files of known geometry
// (a SEG or Parametric Map on them, an import, an overlay). Stored values are 16-bit signed with rescale -1024.
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;

namespace PacsSeg.Tests.Shared.Dicom;

internal sealed class SyntheticCtSeries
{
    public required int Size { get; init; }
    public required int Slices { get; init; }
    public double PixelMm { get; init; } = 1;
    public double SliceMm { get; init; } = 2.5;
    /// <summary>Patient x and y of the first voxel; slice z lies at z * SliceMm.</summary>
    public (double X, double Y) Origin { get; init; } = (-8, -8);
    public string PatientName { get; init; } = "Synthetic^CT";
    public string PatientId { get; init; } = "SYN001";
    public string? FrameOfReferenceUid { get; init; }
    /// <summary>Hounsfield units at (x, y, z); air everywhere when null.</summary>
    public Func<int, int, int, short>? Hu { get; init; }
    /// <summary>File name of slice z.</summary>
    public Func<int, string> FileName { get; init; } = z => $"ct{z:D2}.dcm";

    /// <summary>Writes the slices into <paramref name="directory"/> (created) and returns their paths and SEG geometry.</summary>
    public (List<string> Paths, SegmentationGeometry Geometry) Write(string directory)
    {
        Directory.CreateDirectory(directory);
        string study = DicomUid.Generate().Value, series = DicomUid.Generate().Value;
        string frame = FrameOfReferenceUid ?? DicomUid.Generate().Value;
        var paths = new List<string>();
        var slices = new List<SourceImage>();
        for (int z = 0; z < Slices; z++)
        {
            var sop = DicomUid.Generate().Value;
            var position = new[] { Origin.X, Origin.Y, z * SliceMm };
            var pixels = new short[Size * Size];
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    pixels[y * Size + x] = (short)((Hu?.Invoke(x, y, z) ?? -1024) + 1024);
            var ds = Slice(study, series, frame, sop, z, position, pixels);
            var path = Path.Combine(directory, FileName(z));
            new DicomFile(ds).Save(path);
            paths.Add(path);
            slices.Add(new SourceImage(DicomUids.CTImageStorage.Value, sop, position));
        }
        return (paths, new SegmentationGeometry(Size, Size, [PixelMm, PixelMm], SliceMm, [1, 0, 0, 0, 1, 0], slices));
    }

    private DicomDataset Slice(string study, string series, string frame, string sop, int z, double[] position, short[] pixels) =>
        new DicomDataset()
            .AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL")
            .AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage.Value)
            .AddOrUpdate(DicomTags.SOPInstanceUID, sop)
            .AddOrUpdate(DicomTags.StudyDate, "20260101")
            .AddOrUpdate(DicomTags.StudyTime, "120000")
            .AddOrUpdate(DicomTags.AccessionNumber, "ACC1")
            .AddOrUpdate(DicomTags.Modality, "CT")
            .AddOrUpdate(DicomTags.Manufacturer, "Test")
            .AddOrUpdate(DicomTags.ReferringPhysicianName, string.Empty)
            .AddOrUpdate(DicomTags.PatientName, PatientName)
            .AddOrUpdate(DicomTags.PatientID, PatientId)
            .AddOrUpdate(DicomTags.PatientBirthDate, "19700101")
            .AddOrUpdate(DicomTags.PatientSex, "O")
            .AddOrUpdate(DicomTags.KVP, DicomVR.DS, "120")
            .AddOrUpdate(DicomTags.StudyInstanceUID, study)
            .AddOrUpdate(DicomTags.SeriesInstanceUID, series)
            .AddOrUpdate(DicomTags.StudyID, "1")
            .AddOrUpdateIntegers(DicomTags.SeriesNumber, 1)
            .AddOrUpdateIntegers(DicomTags.InstanceNumber, z + 1)
            .AddOrUpdateDecimals(DicomTags.ImagePositionPatient, position)
            .AddOrUpdateDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
            .AddOrUpdate(DicomTags.FrameOfReferenceUID, frame)
            .AddOrUpdate(DicomTags.PositionReferenceIndicator, string.Empty)
            .AddOrUpdateDecimals(DicomTags.SliceThickness, SliceMm)
            .AddOrUpdate(DicomTags.SamplesPerPixel, (ushort)1)
            .AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .AddOrUpdate(DicomTags.Rows, (ushort)Size)
            .AddOrUpdate(DicomTags.Columns, (ushort)Size)
            .AddOrUpdateDecimals(DicomTags.PixelSpacing, PixelMm, PixelMm)
            .AddOrUpdate(DicomTags.BitsAllocated, (ushort)16)
            .AddOrUpdate(DicomTags.BitsStored, (ushort)16)
            .AddOrUpdate(DicomTags.HighBit, (ushort)15)
            .AddOrUpdate(DicomTags.PixelRepresentation, (ushort)1)
            .AddOrUpdateDecimals(DicomTags.RescaleIntercept, -1024)
            .AddOrUpdateDecimals(DicomTags.RescaleSlope, 1)
            .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, pixels);
}
