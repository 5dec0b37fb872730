// A model applied to one patch: input [channel][z][y][x], output probabilities [class][z][y][x].
namespace PacsSeg.Imaging.Inference;

public delegate void PatchPredictor(ReadOnlySpan<float> input, Span<float> probabilities);
