// Ready-made C-FIND/C-MOVE identifiers with the usual return keys, so callers need not know PS3.4 C.6 by heart.
namespace PacsSeg.Dicom.Network;

public static class DicomQueries
{
    /// <summary>STUDY level query; null filters are universal matches (returned, not matched).</summary>
    public static DicomDataset Studies(string? patientId = null, string? studyInstanceUid = null, string? accessionNumber = null,
        string? studyDate = null)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, "STUDY");
        ds.AddOrUpdate(DicomTags.PatientID, patientId ?? "");
        ds.AddOrUpdate(DicomTags.PatientName, "");
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, studyInstanceUid ?? "");
        ds.AddOrUpdate(DicomTags.AccessionNumber, accessionNumber ?? "");
        ds.AddOrUpdate(DicomTags.StudyDate, studyDate ?? "");
        ds.AddOrUpdate(DicomTags.StudyDescription, "");
        ds.AddOrUpdate(DicomTags.ModalitiesInStudy, "");
        return ds;
    }

    /// <summary>SERIES level query inside one study.</summary>
    public static DicomDataset Series(string studyInstanceUid, string? modality = null, string? patientId = null)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, "SERIES");
        if (patientId is not null)
            ds.AddOrUpdate(DicomTags.PatientID, patientId);
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, studyInstanceUid);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, "");
        ds.AddOrUpdate(DicomTags.Modality, modality ?? "");
        ds.AddOrUpdate(DicomTags.SeriesNumber, "");
        ds.AddOrUpdate(DicomTags.SeriesDescription, "");
        ds.AddOrUpdate(DicomTags.NumberOfSeriesRelatedInstances, "");
        return ds;
    }

    /// <summary>C-MOVE identifier for a whole study (study root; patient root also needs <paramref name="patientId"/>).</summary>
    public static DicomDataset MoveStudy(string studyInstanceUid, string? patientId = null)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, "STUDY");
        if (patientId is not null)
            ds.AddOrUpdate(DicomTags.PatientID, patientId);
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, studyInstanceUid);
        return ds;
    }

    /// <summary>C-MOVE identifier for one series.</summary>
    public static DicomDataset MoveSeries(string studyInstanceUid, string seriesInstanceUid, string? patientId = null)
    {
        var ds = MoveStudy(studyInstanceUid, patientId);
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, "SERIES");
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, seriesInstanceUid);
        return ds;
    }

    internal static string FindSopClass(DicomQueryRoot root) =>
        root == DicomQueryRoot.PatientRoot ? DicomNetworkUids.PatientRootQueryRetrieveFind : DicomNetworkUids.StudyRootQueryRetrieveFind;

    internal static string MoveSopClass(DicomQueryRoot root) =>
        root == DicomQueryRoot.PatientRoot ? DicomNetworkUids.PatientRootQueryRetrieveMove : DicomNetworkUids.StudyRootQueryRetrieveMove;

    /// <summary>Contexts for find and move in both information models, uncompressed.</summary>
    public static IReadOnlyList<DicomPresentationContextRequest> QueryRetrieveContexts()
    {
        string[] ts = { DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian };
        return new[]
        {
            new DicomPresentationContextRequest(DicomNetworkUids.StudyRootQueryRetrieveFind, ts),
            new DicomPresentationContextRequest(DicomNetworkUids.StudyRootQueryRetrieveMove, ts),
            new DicomPresentationContextRequest(DicomNetworkUids.PatientRootQueryRetrieveFind, ts),
            new DicomPresentationContextRequest(DicomNetworkUids.PatientRootQueryRetrieveMove, ts),
            new DicomPresentationContextRequest(DicomNetworkUids.Verification, ts),
        };
    }
}
