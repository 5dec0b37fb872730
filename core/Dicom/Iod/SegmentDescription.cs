namespace PacsSeg.Dicom.Iod;

/// <summary>One segment (class) of a segmentation: what it is, how it was made, how to show it.</summary>
/// <param name="Number">Segment number, from 1; the value of its voxels in the label slices.</param>
/// <param name="Label">Segment label (e.g. "Liver").</param>
/// <param name="Category">Segmented property category (e.g. SCT 123037004 "Anatomical Structure").</param>
/// <param name="Type">Segmented property type (e.g. SCT 10200004 "Liver").</param>
/// <param name="AlgorithmName">Name of the model that produced it.</param>
/// <param name="AlgorithmVersion">Version of the model.</param>
/// <param name="Color">Display color as sRGB bytes.</param>
public sealed record SegmentDescription(int Number, string Label, CodedConcept Category, CodedConcept Type, string AlgorithmName, string AlgorithmVersion, (byte R, byte G, byte B) Color);
