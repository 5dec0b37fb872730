namespace PacsSeg.Dicom.Iod;

/// <summary>A coded concept (Code Value, Coding Scheme Designator, Code Meaning), e.g. SNOMED CT "10200004", "SCT", "Liver".</summary>
/// <param name="Value">Code value.</param>
/// <param name="Scheme">Coding scheme designator.</param>
/// <param name="Meaning">Code meaning.</param>
public sealed record CodedConcept(string Value, string Scheme, string Meaning)
{
    /// <summary>The code as a sequence item.</summary>
    public DicomDataset ToItem() => new DicomDataset()
        .AddOrUpdate(DicomTags.CodeValue, DicomVR.SH, Value)
        .AddOrUpdate(DicomTags.CodingSchemeDesignator, DicomVR.SH, Scheme)
        .AddOrUpdate(DicomTags.CodeMeaning, DicomVR.LO, Meaning);
}
