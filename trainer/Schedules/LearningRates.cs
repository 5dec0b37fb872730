using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Schedules;

/// <summary>The learning rate after <c>t</c> optimiser steps (SPEC 1.2).</summary>
public static class LearningRates
{
    public const int StepInterval = 2500;

    public static double At(LearningRateSchedule schedule, double initial, int iteration, int maxIterations) => schedule switch
    {
        LearningRateSchedule.Poly => initial * Math.Pow(1.0 - Math.Clamp(iteration / (double)maxIterations, 0, 1), 0.9),
        LearningRateSchedule.Step => initial * Math.Pow(0.1, iteration / StepInterval),
        LearningRateSchedule.Constant => initial,
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "unknown schedule"),
    };
}
