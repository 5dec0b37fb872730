using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Tests.Schedules;

public class SchedulesTests
{
    [Test]
    public void SigmoidRampup_HasItsEndpointsAndMidpoint()
    {
        Assert.That(Ramps.Sigmoid(0, 200), Is.EqualTo(Math.Exp(-5)).Within(1e-15));
        Assert.That(Ramps.Sigmoid(100, 200), Is.EqualTo(Math.Exp(-1.25)).Within(1e-15));
        Assert.That(Ramps.Sigmoid(500, 200), Is.EqualTo(1));
        Assert.That(Ramps.Sigmoid(3, 0), Is.EqualTo(1));
    }

    [Test]
    public void ConsistencyWeight_UsesWholeEpochsOf150Iterations()
    {
        // t = 299 is still epoch 1.
        Assert.That(Ramps.ConsistencyWeight(299, 0.1, 200), Is.EqualTo(0.1 * Math.Exp(-5 * Math.Pow(1 - 1 / 200.0, 2))).Within(1e-15));
        Assert.That(Ramps.ConsistencyWeight(30_000, 0.1, 200), Is.EqualTo(0.1));
    }

    [Test]
    public void LinearAndCosine_HaveHandValues()
    {
        Assert.That(Ramps.Linear(5, 20), Is.EqualTo(0.25));
        Assert.That(Ramps.Linear(50, 20), Is.EqualTo(1));
        Assert.That(Ramps.CosineRampdown(10, 20), Is.EqualTo(0.5).Within(1e-15));
    }

    [Test]
    public void UncertaintyThreshold_RisesFromThreeQuartersOfLn2()
    {
        Assert.That(Ramps.UncertaintyThreshold(0, 6000), Is.EqualTo((0.75 + 0.25 * Math.Exp(-5)) * Math.Log(2)).Within(1e-15));
        Assert.That(Ramps.UncertaintyThreshold(6000, 6000), Is.EqualTo(Math.Log(2)).Within(1e-15));
    }

    [Test]
    public void LearningRates_PolyStepConstant()
    {
        Assert.That(LearningRates.At(LearningRateSchedule.Poly, 0.01, 15_000, 30_000), Is.EqualTo(0.01 * Math.Pow(0.5, 0.9)).Within(1e-15));
        Assert.That(LearningRates.At(LearningRateSchedule.Step, 0.01, 2499, 6000), Is.EqualTo(0.01));
        Assert.That(LearningRates.At(LearningRateSchedule.Step, 0.01, 5000, 6000), Is.EqualTo(0.0001).Within(1e-15));
        Assert.That(LearningRates.At(LearningRateSchedule.Constant, 0.01, 29_999, 30_000), Is.EqualTo(0.01));
    }

    [Test]
    public void EmaAlpha_WarmsUpOnlyInTheParameterVariant()
    {
        Assert.That(EmaCoefficients.Alpha(EmaVariant.ParametersWithWarmUp, 0.99, 0), Is.EqualTo(0));
        Assert.That(EmaCoefficients.Alpha(EmaVariant.ParametersWithWarmUp, 0.99, 1), Is.EqualTo(0.5));
        Assert.That(EmaCoefficients.Alpha(EmaVariant.ParametersWithWarmUp, 0.99, 9), Is.EqualTo(0.9).Within(1e-15));
        Assert.That(EmaCoefficients.Alpha(EmaVariant.ParametersWithWarmUp, 0.99, 5000), Is.EqualTo(0.99));
        Assert.That(EmaCoefficients.Alpha(EmaVariant.StateDictConstant, 0.99, 0), Is.EqualTo(0.99));
    }

    [Test]
    public void EmaUpdate_MovesTeacherTowardStudent()
    {
        float[] teacher = [1, 0];
        float[] student = [0, 1];

        EmaCoefficients.Update(teacher, student, 0.75);

        Assert.That(teacher, Is.EqualTo(new float[] { 0.75f, 0.25f }));
    }
}
