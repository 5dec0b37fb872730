// The demo's input: a phantom CT case from the trainer (NIfTI image + label) written as a DICOM CT series,
// one file per slice, as a scanner would send it. The phantom's anatomy is drawn in voxel units, so the
// series gets the spacing that gives it the physical field of view the demo model was trained on: a
// bigger matrix then means finer voxels of the same body, not a bigger body.
using System.Globalization;
using PacsSeg.Dicom;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Plugin.Demo;

/// <summary>A phantom CT study on disk: its DICOM files, its UIDs and the reference label volume.</summary>
public sealed record PhantomStudy(string Folder, IReadOnlyList<string> Files, string StudyInstanceUid, string SeriesInstanceUid, Volume<byte> Reference)
{
    /// <summary>Field of view (x, y, z in mm) of the trainer's default abdominal phantom (96 x 96 x 48 voxels of 1.2 x 1.2 x 2 mm).</summary>
    public static readonly Vec3 TrainingFieldOfView = new(96 * 1.2, 96 * 1.2, 48 * 2.0);

    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Writes <paramref name="image"/> (Hounsfield units) as a CT series of one file per slice in <paramref name="folder"/>,
    /// rescaled to <see cref="TrainingFieldOfView"/>; <paramref name="label"/> gets the same geometry.</summary>
    public static PhantomStudy Write(string folder, Volume<float> image, Volume<byte> label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(label);
        var g = image.Geometry;
        var spacing = new Vec3(TrainingFieldOfView.X / g.SizeX, TrainingFieldOfView.Y / g.SizeY, TrainingFieldOfView.Z / g.SizeZ);
        var geometry = new VolumeGeometry(g.SizeX, g.SizeY, g.SizeZ, default, spacing, g.Direction);
        Directory.CreateDirectory(folder);
        string study = DicomUid.Generate().Value, series = DicomUid.Generate().Value, frame = DicomUid.Generate().Value;
        string date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string time = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var rowDirection = geometry.Direction.Column(0);
        var columnDirection = geometry.Direction.Column(1);
        int pixels = g.SizeX * g.SizeY;
        var files = new List<string>(g.SizeZ);
        for (int k = 0; k < g.SizeZ; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var position = geometry.IndexToPatient(0, 0, k);
            var values = new short[pixels];
            var slice = image.Voxels.AsSpan(k * pixels, pixels);
            for (int i = 0; i < pixels; i++)
                values[i] = (short)Math.Clamp(Math.Round(slice[i]), -1024, 3071);
            string sop = DicomUid.Generate().Value;
            var ds = new DicomDataset()
                .AddOrUpdate(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100")
                .AddOrUpdate(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                .AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage)
                .AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, sop)
                .AddOrUpdate(DicomTags.StudyDate, DicomVR.DA, date)
                .AddOrUpdate(DicomTags.SeriesDate, DicomVR.DA, date)
                .AddOrUpdate(DicomTags.StudyTime, DicomVR.TM, time)
                .AddOrUpdate(DicomTags.SeriesTime, DicomVR.TM, time)
                .AddOrUpdate(DicomTags.AccessionNumber, DicomVR.SH, "DEMO0001")
                .AddOrUpdate(DicomTags.Modality, DicomVR.CS, "CT")
                .AddOrUpdate(DicomTags.Manufacturer, DicomVR.LO, "PacsSeg phantom")
                .AddOrUpdate(DicomTags.ReferringPhysicianName, DicomVR.PN, "")
                .AddOrUpdate(DicomTags.StudyDescription, DicomVR.LO, "Abdomen phantom")
                .AddOrUpdate(DicomTags.SeriesDescription, DicomVR.LO, "Abdomen phantom CT")
                .AddOrUpdate(DicomTags.PatientName, DicomVR.PN, "Phantom^Demo")
                .AddOrUpdate(DicomTags.PatientID, DicomVR.LO, "PACSSEG-DEMO")
                .AddOrUpdate(DicomTags.PatientBirthDate, DicomVR.DA, "")
                .AddOrUpdate(DicomTags.PatientSex, DicomVR.CS, "O")
                .AddOrUpdate(DicomTags.BodyPartExamined, DicomVR.CS, "ABDOMEN")
                .AddOrUpdateDecimals(DicomTags.SliceThickness, spacing.Z)
                .AddOrUpdateDecimals(DicomTags.KVP, 120)
                .AddOrUpdate(DicomTags.PatientPosition, DicomVR.CS, "FFS")
                .AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, study)
                .AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, series)
                .AddOrUpdate(DicomTags.StudyID, DicomVR.SH, "1")
                .AddOrUpdateIntegers(DicomTags.SeriesNumber, 1)
                .AddOrUpdateIntegers(DicomTags.InstanceNumber, k + 1)
                .AddOrUpdateDecimals(DicomTags.ImagePositionPatient, position.X, position.Y, position.Z)
                .AddOrUpdateDecimals(DicomTags.ImageOrientationPatient, rowDirection.X, rowDirection.Y, rowDirection.Z, columnDirection.X, columnDirection.Y, columnDirection.Z)
                .AddOrUpdate(DicomTags.FrameOfReferenceUID, DicomVR.UI, frame)
                .AddOrUpdate(DicomTags.PositionReferenceIndicator, DicomVR.LO, "")
                .AddOrUpdateDecimals(DicomTags.SliceLocation, position.Z)
                .AddOrUpdate(DicomTags.SamplesPerPixel, (ushort)1)
                .AddOrUpdate(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
                .AddOrUpdate(DicomTags.Rows, (ushort)g.SizeY)
                .AddOrUpdate(DicomTags.Columns, (ushort)g.SizeX)
                .AddOrUpdateDecimals(DicomTags.PixelSpacing, spacing.Y, spacing.X)
                .AddOrUpdate(DicomTags.BitsAllocated, (ushort)16)
                .AddOrUpdate(DicomTags.BitsStored, (ushort)16)
                .AddOrUpdate(DicomTags.HighBit, (ushort)15)
                .AddOrUpdate(DicomTags.PixelRepresentation, (ushort)1)
                .AddOrUpdateDecimals(DicomTags.WindowCenter, 40)
                .AddOrUpdateDecimals(DicomTags.WindowWidth, 400)
                .AddOrUpdateDecimals(DicomTags.RescaleIntercept, 0)
                .AddOrUpdateDecimals(DicomTags.RescaleSlope, 1)
                .AddOrUpdate(DicomTags.RescaleType, DicomVR.LO, "HU")
                .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, values);
            string path = Path.Combine(folder, $"CT{k + 1:D4}.dcm");
            new DicomFile(ds).Save(path);
            files.Add(path);
        }
        var reference = new Volume<byte>(geometry, label.Voxels);
        return new PhantomStudy(folder, files, study, series, reference);
    }
}
