// Which neighbours touch in 3D: faces only, faces and edges, or all 26.
namespace PacsSeg.Imaging.Processing;

public enum Connectivity
{
    Faces6 = 6,
    Edges18 = 18,
    Corners26 = 26,
}
