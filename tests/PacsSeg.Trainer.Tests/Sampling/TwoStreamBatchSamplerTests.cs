using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Sampling;

namespace PacsSeg.Trainer.Tests.Sampling;

public class TwoStreamBatchSamplerTests
{
    [Test]
    public void Epoch_HasFloorNlOverBlBatchesOfLabeledThenUnlabeled()
    {
        int[] labeled = [0, 1, 2, 3, 4, 5, 6];
        int[] unlabeled = Enumerable.Range(100, 10).ToArray();
        var sampler = new TwoStreamBatchSampler(labeled, unlabeled, 3, 2, new DeterministicRandom(1));

        var epoch = sampler.NextEpoch().ToList();

        Assert.That(epoch, Has.Count.EqualTo(2));
        Assert.That(epoch.All(b => b.Length == 5), Is.True);
        Assert.That(epoch.SelectMany(b => b.Take(3)), Is.All.LessThan(7));
        Assert.That(epoch.SelectMany(b => b.Take(3)).Distinct().Count(), Is.EqualTo(6), "no labeled repeat within an epoch");
        Assert.That(epoch.SelectMany(b => b.Skip(3)), Is.All.GreaterThanOrEqualTo(100));
    }

    [Test]
    public void UnlabeledStream_CoversEveryIndexBeforeRepeating()
    {
        int[] unlabeled = Enumerable.Range(100, 9).ToArray();
        var sampler = new TwoStreamBatchSampler([0, 1], unlabeled, 1, 3, new DeterministicRandom(2));

        var drawn = sampler.Batches(6).SelectMany(b => b.Skip(1)).ToList();

        Assert.That(drawn.Take(9), Is.EquivalentTo(unlabeled));
        Assert.That(drawn.Skip(9), Is.EquivalentTo(unlabeled));
    }

    [Test]
    public void FewerLabeledThanBatch_CyclesTheLabeledList()
    {
        var sampler = new TwoStreamBatchSampler([0, 1], [10], 5, 1, new DeterministicRandom(3));

        var batches = sampler.Batches(4).ToList();

        Assert.That(batches, Has.Count.EqualTo(4));
        Assert.That(batches.SelectMany(b => b.Take(5)).Count(i => i == 0), Is.EqualTo(10));
    }

    [Test]
    public void SameSeed_SameBatches()
    {
        var a = new TwoStreamBatchSampler(Enumerable.Range(0, 20).ToArray(), Enumerable.Range(20, 30).ToArray(), 4, 4, new DeterministicRandom(5)).Batches(12).ToList();
        var b = new TwoStreamBatchSampler(Enumerable.Range(0, 20).ToArray(), Enumerable.Range(20, 30).ToArray(), 4, 4, new DeterministicRandom(5)).Batches(12).ToList();

        Assert.That(a, Is.EqualTo(b));
    }
}
