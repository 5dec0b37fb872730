namespace PacsSeg.Torch.Optim;

/// <summary>Linear warm-up from <paramref name="StartFactor"/> times the inner schedule's rate up to the full
/// rate over <paramref name="WarmupIterations"/>, then the inner schedule.</summary>
public sealed record WarmupSchedule(ILearningRateSchedule Inner, long WarmupIterations, double StartFactor = 0)
    : ILearningRateSchedule
{
    public double LearningRate(long iteration)
    {
        double lr = Inner.LearningRate(iteration);
        if (iteration >= WarmupIterations || WarmupIterations <= 0)
            return lr;
        double f = StartFactor + (1 - StartFactor) * (iteration + 1) / WarmupIterations;
        return lr * f;
    }
}
