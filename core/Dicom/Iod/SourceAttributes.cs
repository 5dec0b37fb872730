// Derived objects (Segmentation, Parametric Map) belong to the source's patient, study and frame of reference:
// they copy those attributes from one source instance. Both writers share this so the two objects never disagree.
namespace PacsSeg.Dicom.Iod;

/// <summary>Copies the patient, study and frame-of-reference attributes of a source instance into a new dataset.</summary>
internal static class SourceAttributes
{
    private static readonly string[] PatientStudyAttributes = ["SpecificCharacterSet", "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber", "FrameOfReferenceUID"];

    /// <summary>
    /// Returns a new dataset holding the source's patient and study attributes. Type 2 attributes the source lacks
    /// are added empty; the character set and frame of reference are only copied when present.
    /// </summary>
    public static DicomDataset CopyPatientAndStudy(DicomDataset source)
    {
        var ds = new DicomDataset();
        foreach (var keyword in PatientStudyAttributes)
        {
            var tag = DicomDictionary.FindByKeyword(keyword)!.Tag;
            if (source.Find(tag) is { } item)
            {
                ds.Add(item);
            }
            else if (keyword is not "SpecificCharacterSet" and not "FrameOfReferenceUID")
            {
                ds.AddOrUpdate(tag, DicomDictionary.GetDefaultVR(tag), string.Empty);
            }
        }

        return ds;
    }
}
