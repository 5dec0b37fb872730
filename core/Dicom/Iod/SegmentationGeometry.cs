namespace PacsSeg.Dicom.Iod;

/// <summary>The geometry of the source series a segmentation is drawn on (PacsSeg.Imaging adapts its volumes to this).</summary>
/// <param name="Rows">Rows of each slice.</param>
/// <param name="Columns">Columns of each slice.</param>
/// <param name="PixelSpacing">Row spacing then column spacing, mm.</param>
/// <param name="SliceThickness">Slice thickness, mm.</param>
/// <param name="ImageOrientationPatient">Row and column direction cosines (6 values).</param>
/// <param name="Slices">The source slices in the order of the label slices.</param>
public sealed record SegmentationGeometry(int Rows, int Columns, double[] PixelSpacing, double SliceThickness, double[] ImageOrientationPatient, IReadOnlyList<SourceImage> Slices);
