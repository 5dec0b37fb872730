// Supplies one frame's stored pixel values (Columns fastest, Rows lines), converted to float, before rescaling.
namespace PacsSeg.Imaging.Series;

public delegate void FramePixelReader(Span<float> destination);
