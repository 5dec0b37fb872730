namespace PacsSeg.Trainer.Data;

/// <summary>One imported case: its dataset id, the series it came from and the SEG that labeled it (null: unlabeled).</summary>
public sealed record DicomImportedCase(string Id, string StudyInstanceUid, string SeriesInstanceUid, string? SegmentationSopInstanceUid, int Slices);
