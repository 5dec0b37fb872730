using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Training;

/// <summary>config.json of a run folder: the method and the plan it trained under.</summary>
public sealed record RunConfig(string Method, TrainingPlan Plan);
