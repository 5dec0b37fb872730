namespace PacsSeg.Torch.Optim;

/// <summary>A learning-rate schedule: the rate for a given (0-based) iteration.</summary>
public interface ILearningRateSchedule
{
    double LearningRate(long iteration);
}
