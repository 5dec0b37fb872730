// SPEC 2.4: BCP. Pre-training mixes two labeled halves of the batch with the copy-paste mask M; from
// PreTrainIterations on, the state-dict EMA teacher (reset to the pre-trained student at the switch)
// pseudo-labels the unlabeled halves (argmax + largest component per class), and each mixed image pairs
// a labeled and an unlabeled half, pseudo-labeled pixels weighted by UnlabeledWeight. With validation on,
// the loop restarts self-training from the best pre-training weights and optimiser state, as BCP does.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>Bidirectional copy-paste (pre-train then self-train with an EMA teacher).</summary>
public sealed class BidirectionalCopyPaste : ITrainingMethod
{
    /// <param name="preTrainIterations">Iterations of the labeled-only stage; null: a quarter of the plan's
    /// iterations, BCP ACDC's ratio (10 000 of 40 000).</param>
    /// <param name="unlabeledWeight">Weight of pseudo-labeled pixels (BCP: 0.5).</param>
    public BidirectionalCopyPaste(int? preTrainIterations = null, double unlabeledWeight = 0.5)
    {
        if (preTrainIterations is < 0)
            throw new ArgumentOutOfRangeException(nameof(preTrainIterations), preTrainIterations, "must not be negative");
        PreTrainIterations = preTrainIterations;
        UnlabeledWeight = unlabeledWeight;
    }

    public int? PreTrainIterations { get; }
    public double UnlabeledWeight { get; }

    public string Name => "bcp";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.StateDictConstant;

    /// <summary>a ⊙ M + b ⊙ (1 − M) for images [B, 1, spatial...] or labels [B, spatial...]; M is [spatial...] of 0/1.</summary>
    public static Tensor Mix(Tensor a, Tensor b, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(mask);
        // A select, not a·M + b·(1 − M): the arithmetic form would promote integer labels to float.
        return a.Where(mask.Eq(1), b);
    }

    /// <summary>
    /// BCP's mix loss on one mixed output: masked Dice and region-normalised CE against <paramref name="inside"/>
    /// where M = 1 (weight <paramref name="insideWeight"/>) and <paramref name="outside"/> where M = 0
    /// (weight <paramref name="outsideWeight"/>); returns (Dice, CE), both summed over the two regions.
    /// </summary>
    public static (Tensor Dice, Tensor CrossEntropy) MixLoss(Tensor logits, Tensor inside, Tensor outside, Tensor mask,
        double insideWeight, double outsideWeight, int classes)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(mask);
        var probabilities = Functional.Softmax(logits, 1);
        var m = mask.Float();
        var notM = m.Neg().Add(1);
        var dice = MaskedDice(probabilities, inside, m, classes).Mul(insideWeight)
            .Add(MaskedDice(probabilities, outside, notM, classes).Mul(outsideWeight));
        // Per-pixel CE, then the mean over each region (the mask broadcasts over the batch).
        var ceInside = Functional.CrossEntropy(logits, inside, reduction: Reduction.None);
        var ceOutside = Functional.CrossEntropy(logits, outside, reduction: Reduction.None);
        long batch = logits.Size(0);
        var ce = ceInside.Mul(m).Sum().Div(m.Sum().Mul(batch).Add(1e-16)).Mul(insideWeight)
            .Add(ceOutside.Mul(notM).Sum().Div(notM.Sum().Mul(batch).Add(1e-16)).Mul(outsideWeight));
        return (dice, ce);
    }

    /// <summary>Dice-SSL4MIS with every sum multiplied by the mask (SPEC 1.6, masked).</summary>
    public static Tensor MaskedDice(Tensor probabilities, Tensor target, Tensor mask, int classes, double smooth = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        Tensor? total = null;
        for (int c = 0; c < classes; c++)
        {
            var p = probabilities.Select(1, c).Mul(mask);
            var g = target.Eq(c).Float().Mul(mask);
            var intersection = probabilities.Select(1, c).Mul(g).Sum();
            var denominator = p.Mul(probabilities.Select(1, c)).Sum().Add(g.Sum()).Add(smooth);
            var term = intersection.Mul(2).Add(smooth).Div(denominator).Neg().Add(1);
            total = total is null ? term : total.Add(term);
        }
        return total!.Div(classes);
    }

    /// <summary>The iteration self-training starts at (pre-training length).</summary>
    public int PreTrainLength(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PreTrainIterations ?? plan.Iterations / 4;
    }

    public int? RestartFromBestAt(TrainingPlan plan) => PreTrainLength(plan);

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null)
            throw new InvalidOperationException("BCP needs a teacher and unlabeled images.");
        long half = context.LabeledImages.Size(0) / 2;
        if (half < 1 || context.UnlabeledImages.Size(0) / 2 < 1)
            throw new InvalidOperationException("BCP needs at least two labeled and two unlabeled images per batch.");
        var p = context.Plan.PatchSize;
        bool threeD = context.Plan.Dimensionality == 3;
        // One mask per iteration for the whole batch, drawn from a stream keyed by the iteration (resumable).
        var maskBytes = CopyPasteMask.Create(p[0], p[1], threeD ? p[2] : 1, DeterministicRandom.ForStream(context.Plan.Seed, 2_000_000 + context.Iteration));
        var spatial = threeD ? new long[] { p[2], p[1], p[0] } : [p[1], p[0]];
        var mask = Tensor.FromArray(maskBytes, spatial).Float();
        int classes = context.Plan.ClassCount;

        var xa = context.LabeledImages.Narrow(0, 0, half);
        var xb = context.LabeledImages.Narrow(0, half, half);
        var ya = context.Labels.Narrow(0, 0, half);
        var yb = context.Labels.Narrow(0, half, half);
        int preTrain = PreTrainLength(context.Plan);
        if (context.Iteration < preTrain)
        {
            var logits = context.Student.Forward(Mix(xa, xb, mask)).Logits;
            var (dice, ce) = MixLoss(logits, ya, yb, mask, 1, 1, classes);
            return new StepLoss(dice.Add(ce).Mul(0.5), new Dictionary<string, double>
            {
                ["dice"] = dice.Item(),
                ["ce"] = ce.Item(),
                ["stage"] = 0,
            });
        }
        if (context.Iteration == preTrain)
            context.Teacher.LoadStateDict(context.Student.StateDict()); // the teacher starts from the pre-trained weights

        var ua = context.UnlabeledImages.Narrow(0, 0, half);
        var ub = context.UnlabeledImages.Narrow(0, half, half);
        Tensor pa, pb;
        using (Autograd.NoGrad())
        {
            pa = PseudoLabels(context.Teacher.Forward(ua).Logits, classes, p, threeD);
            pb = PseudoLabels(context.Teacher.Forward(ub).Logits, classes, p, threeD);
        }
        // X_in: unlabeled where M = 1, labeled inside the zero box; X_out: labeled where M = 1, unlabeled inside.
        var logitsIn = context.Student.Forward(Mix(ua, xa, mask)).Logits;
        var logitsOut = context.Student.Forward(Mix(xb, ub, mask)).Logits;
        var (diceIn, ceIn) = MixLoss(logitsIn, pa, ya, mask, UnlabeledWeight, 1, classes);
        var (diceOut, ceOut) = MixLoss(logitsOut, yb, pb, mask, 1, UnlabeledWeight, classes);
        var diceSum = diceIn.Add(diceOut);
        var ceSum = ceIn.Add(ceOut);
        return new StepLoss(diceSum.Add(ceSum).Mul(0.5), new Dictionary<string, double>
        {
            ["dice"] = diceSum.Item(),
            ["ce"] = ceSum.Item(),
            ["stage"] = 1,
        });
    }

    /// <summary>Teacher argmax, then the largest connected component per class and image.</summary>
    private static Tensor PseudoLabels(Tensor logits, int classes, IReadOnlyList<int> patch, bool threeD)
    {
        var labels = logits.ArgMax(1).ToArray<long>();
        int sizeZ = threeD ? patch[2] : 1;
        int count = patch[0] * patch[1] * sizeZ;
        for (int b = 0; b < labels.Length / count; b++)
            LargestComponents.KeepLargestPerClass(labels.AsSpan(b * count, count), patch[0], patch[1], sizeZ, classes);
        return Tensor.FromArray(labels, threeD ? [labels.Length / count, patch[2], patch[1], patch[0]] : [labels.Length / count, patch[1], patch[0]]);
    }
}
