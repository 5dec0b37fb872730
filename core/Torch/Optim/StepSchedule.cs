namespace PacsSeg.Torch.Optim;

/// <summary>Step decay: base * gamma^(iteration / stepSize) (UA-MT divides by 10 every 2,500 iterations).</summary>
public sealed record StepSchedule(double BaseLearningRate, long StepSize, double Gamma = 0.1) : ILearningRateSchedule
{
    public double LearningRate(long iteration)
    {
        if (StepSize <= 0)
            throw new InvalidOperationException("StepSchedule needs a positive step size");
        return BaseLearningRate * Math.Pow(Gamma, Math.Max(0, iteration) / StepSize);
    }
}
