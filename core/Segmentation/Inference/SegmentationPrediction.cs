using PacsSeg.Imaging;

namespace PacsSeg.Segmentation.Inference;

/// <summary>The result of one prediction, on the source volume's grid.</summary>
/// <param name="Labels">Class index per voxel (0 = background).</param>
/// <param name="Uncertainty">Predictive entropy of the averaged class probabilities over all samples, divided by
/// log(classes) so it lies in [0, 1].</param>
/// <param name="Samples">How many forward passes per patch were averaged (mirrors times dropout samples).</param>
public sealed record SegmentationPrediction(Volume<byte> Labels, Volume<float> Uncertainty, int Samples);
