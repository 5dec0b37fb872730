// SPEC 1.4: every batch is B_l labeled indices followed by B_u unlabeled ones; the labeled list is
// shuffled once per epoch, the unlabeled list cycled forever with a fresh shuffle each cycle.
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Sampling;

/// <summary>The two-stream labeled/unlabeled batch sampler.</summary>
public sealed class TwoStreamBatchSampler
{
    private readonly int[] _labeled;
    private readonly int[] _unlabeled;
    private readonly DeterministicRandom _random;
    private readonly Queue<int> _labeledStream = new();
    private readonly Queue<int> _unlabeledStream = new();

    public TwoStreamBatchSampler(IReadOnlyList<int> labeled, IReadOnlyList<int> unlabeled, int labeledBatch, int unlabeledBatch, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        ArgumentNullException.ThrowIfNull(random);
        if (labeledBatch < 1 || unlabeledBatch < 0)
            throw new ArgumentException($"Need at least one labeled sample per batch, got {labeledBatch} + {unlabeledBatch}.");
        if (labeled.Count == 0)
            throw new ArgumentException("The labeled list is empty.", nameof(labeled));
        if (unlabeledBatch > 0 && unlabeled.Count == 0)
            throw new ArgumentException("Unlabeled samples are asked for but the unlabeled list is empty.", nameof(unlabeled));
        _labeled = labeled.ToArray();
        _unlabeled = unlabeled.ToArray();
        LabeledBatch = labeledBatch;
        UnlabeledBatch = unlabeledBatch;
        _random = random;
    }

    public int LabeledBatch { get; }
    public int UnlabeledBatch { get; }

    /// <summary>
    /// Batches per epoch, ⌊N_l / B_l⌋ — or 1 when fewer labeled samples than B_l exist, in which case the
    /// labeled list is cycled like the unlabeled one (the reference code asserts N_l ≥ B_l instead).
    /// </summary>
    public int BatchesPerEpoch => Math.Max(1, _labeled.Length / LabeledBatch);

    /// <summary>The next epoch's batches: labeled indices then unlabeled indices in each.</summary>
    public IEnumerable<int[]> NextEpoch()
    {
        if (_labeled.Length >= LabeledBatch)
        {
            // A fresh shuffle per epoch; the tail that does not fill a batch is dropped.
            _labeledStream.Clear();
            Refill(_labeledStream, _labeled);
        }
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            var batch = new int[LabeledBatch + UnlabeledBatch];
            for (int n = 0; n < LabeledBatch; n++)
            {
                if (_labeledStream.Count == 0)
                    Refill(_labeledStream, _labeled);
                batch[n] = _labeledStream.Dequeue();
            }
            for (int n = 0; n < UnlabeledBatch; n++)
            {
                if (_unlabeledStream.Count == 0)
                    Refill(_unlabeledStream, _unlabeled);
                batch[LabeledBatch + n] = _unlabeledStream.Dequeue();
            }
            yield return batch;
        }
    }

    /// <summary>Batches for <paramref name="iterations"/> steps, epoch after epoch.</summary>
    public IEnumerable<int[]> Batches(int iterations)
    {
        int produced = 0;
        while (produced < iterations)
        {
            foreach (var batch in NextEpoch())
            {
                yield return batch;
                if (++produced == iterations)
                    yield break;
            }
        }
    }

    private void Refill(Queue<int> stream, int[] source)
    {
        var order = source.ToArray();
        _random.Shuffle(order);
        foreach (int index in order)
            stream.Enqueue(index);
    }
}
