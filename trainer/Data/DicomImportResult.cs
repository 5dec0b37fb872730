namespace PacsSeg.Trainer.Data;

/// <summary>What <see cref="DicomImporter.Import"/> wrote: the dataset description, one entry per case and the
/// files that were not DICOM (skipped, with the reason).</summary>
public sealed record DicomImportResult(DatasetDescription Description, IReadOnlyList<DicomImportedCase> Cases, IReadOnlyList<string> Skipped);
