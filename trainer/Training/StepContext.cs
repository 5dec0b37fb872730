using PacsSeg.Torch;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Training;

/// <summary>
/// What a method sees at one iteration: the networks, the batch as tensors (images [B, 1, spatial...],
/// labels [B_l, spatial...] int64) and where training stands.
/// </summary>
public sealed record StepContext(
    SegmentationNetwork Student,
    SegmentationNetwork? Teacher,
    Tensor LabeledImages,
    Tensor Labels,
    Tensor? UnlabeledImages,
    int Iteration,
    TrainingPlan Plan);
