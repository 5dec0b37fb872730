namespace PacsSeg.Trainer.Training;

/// <summary>What a checkpoint is (written beside its weights as JSON): method, plan, step, seed, data split.</summary>
public sealed record CheckpointInfo(
    string Method,
    string Plan,
    int Step,
    int Seed,
    int LabeledCases,
    int UnlabeledCases,
    string StudentWeights,
    string? TeacherWeights,
    double Loss);
