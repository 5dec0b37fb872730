using PacsSeg.Torch.Optim;

namespace PacsSeg.Torch.Tests;

public class ScheduleTests
{
    [Test]
    public void Poly_AtHalfway_IsBaseTimesHalfToPower()
    {
        var s = new PolySchedule(0.01, 1000, 0.9);
        Assert.That(s.LearningRate(0), Is.EqualTo(0.01));
        Assert.That(s.LearningRate(500), Is.EqualTo(0.01 * Math.Pow(0.5, 0.9)).Within(1e-15));
        Assert.That(s.LearningRate(1000), Is.EqualTo(0));
    }

    [Test]
    public void Step_AfterEachStepSize_MultipliesByGamma()
    {
        var s = new StepSchedule(0.1, 2500, 0.1);
        Assert.That(s.LearningRate(2499), Is.EqualTo(0.1));
        Assert.That(s.LearningRate(2500), Is.EqualTo(0.01).Within(1e-15));
        Assert.That(s.LearningRate(5000), Is.EqualTo(0.001).Within(1e-15));
    }

    [Test]
    public void Warmup_RampsLinearlyThenFollowsInner()
    {
        var s = new WarmupSchedule(new ConstantSchedule(1.0), 10);
        Assert.That(s.LearningRate(0), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(s.LearningRate(4), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(s.LearningRate(10), Is.EqualTo(1.0));
    }
}
