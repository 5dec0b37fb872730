namespace PacsSeg.Torch.Optim;

/// <summary>Polynomial decay, base * (1 - iteration / maxIterations)^power (SSL4MIS and nnU-Net use power 0.9).</summary>
public sealed record PolySchedule(double BaseLearningRate, long MaxIterations, double Power = 0.9) : ILearningRateSchedule
{
    public double LearningRate(long iteration)
    {
        if (MaxIterations <= 0)
            throw new InvalidOperationException("PolySchedule needs a positive iteration count");
        double f = 1 - Math.Clamp((double)iteration / MaxIterations, 0, 1);
        return BaseLearningRate * Math.Pow(f, Power);
    }
}
