namespace PacsSeg.Dicom.Iod;

/// <summary>What a Segmentation holds, mapped onto a source geometry.</summary>
/// <param name="Segments">The segments; colors are converted back from Recommended Display CIELab Value (black where a segment has none).</param>
/// <param name="LabelSlices">One label slice per source slice: Rows*Columns bytes, the segment number or 0.</param>
public sealed record SegmentationContent(IReadOnlyList<SegmentDescription> Segments, IReadOnlyList<byte[]> LabelSlices);
