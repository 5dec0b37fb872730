namespace PacsSeg.Torch.Optim;

/// <summary>The same rate at every iteration.</summary>
public sealed record ConstantSchedule(double BaseLearningRate) : ILearningRateSchedule
{
    public double LearningRate(long iteration) => BaseLearningRate;
}
