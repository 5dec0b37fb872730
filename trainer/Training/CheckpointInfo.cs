namespace PacsSeg.Trainer.Training;

/// <summary>What a checkpoint is (written beside its weights as JSON): method, plan, step, seed, data split, and the
/// optimiser state a resumed run needs (null in checkpoints written before resume existed).</summary>
public sealed record CheckpointInfo(
    string Method,
    string Plan,
    int Step,
    int Seed,
    int LabeledCases,
    int UnlabeledCases,
    string StudentWeights,
    string? TeacherWeights,
    double Loss,
    string? OptimizerState = null);
