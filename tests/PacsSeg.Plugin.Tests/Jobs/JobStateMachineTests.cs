using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Tests.Jobs;

public sealed class JobStateMachineTests
{
    [TestCase(JobState.Received, JobState.Assembling)]
    [TestCase(JobState.Assembling, JobState.Queued)]
    [TestCase(JobState.Queued, JobState.Inferring)]
    [TestCase(JobState.Inferring, JobState.Exporting)]
    [TestCase(JobState.Exporting, JobState.Done)]
    [TestCase(JobState.Exporting, JobState.DeadLetter)]
    [TestCase(JobState.DeadLetter, JobState.Exporting)]
    [TestCase(JobState.Failed, JobState.Queued)]
    public void IsLegal_ForwardPathAndRequeue_IsAllowed(JobState from, JobState to) =>
        Assert.That(JobStateMachine.IsLegal(from, to), Is.True);

    [TestCase(JobState.Received, JobState.Inferring)]
    [TestCase(JobState.Queued, JobState.Exporting)]
    [TestCase(JobState.Done, JobState.Queued)]
    [TestCase(JobState.Done, JobState.Exporting)]
    [TestCase(JobState.Exporting, JobState.Inferring)]
    public void IsLegal_SkippingOrLeavingDone_IsRefused(JobState from, JobState to) =>
        Assert.That(JobStateMachine.IsLegal(from, to), Is.False);

    [Test]
    public void IsTerminal_OnlyDoneFailedDeadLetter() =>
        Assert.That(Enum.GetValues<JobState>().Where(JobStateMachine.IsTerminal),
            Is.EquivalentTo(new[] { JobState.Done, JobState.Failed, JobState.DeadLetter }));
}
