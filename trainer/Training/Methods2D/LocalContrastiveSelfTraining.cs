// SPEC 5: Chaitanya et al. A baseline stage trains on the labeled images with their Dice loss; then
// self-training rounds: at each round start the pseudo-labeler (a snapshot of the student) is refreshed,
// and the student trains on Dice + λ·local contrastive loss between pairs of photometric views (same image,
// labeled–unlabeled and unlabeled–unlabeled pairs), with ground truth for labeled and pseudo-labels for
// unlabeled images. Documented differences: the dense-CRF refinement of the pseudo-labels is replaced by
// the largest connected component per class; the snapshot is the current student rather than the best
// validated one; the optimiser is the plan's (SGD), not Adam.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Local contrastive loss with pseudo-label self-training (Chaitanya et al.).</summary>
public sealed class LocalContrastiveSelfTraining : ITrainingMethod
{
    internal const string HeadName = "contrastive";

    /// <param name="rounds">Self-training rounds after the baseline (3).</param>
    /// <param name="weight">λ of the contrastive term (0.1).</param>
    /// <param name="anchorsPerClass">Anchor pixels per class and image (3).</param>
    /// <param name="baselineIterations">Labeled-only baseline; null: a quarter of the plan (5 000 of 20 000).</param>
    public LocalContrastiveSelfTraining(int? featureChannels = null, int rounds = 3, double weight = 0.1, int anchorsPerClass = 3, double temperature = 0.1,
        int? baselineIterations = null)
    {
        BaselineIterations = baselineIterations;
        if (rounds < 1)
            throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "at least one round");
        FeatureChannels = featureChannels;
        Rounds = rounds;
        Weight = weight;
        AnchorsPerClass = anchorsPerClass;
        Temperature = temperature;
    }

    /// <summary>Channels of the last decoder feature; null: the UNet-2D's first width.</summary>
    public int? FeatureChannels { get; }
    public int Rounds { get; }
    public double Weight { get; }
    public int AnchorsPerClass { get; }
    public double Temperature { get; }
    public int? BaselineIterations { get; }

    public string Name => "local-contrastive";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.Snapshot;

    public SegmentationNetwork Build(SegmentationNetwork network) =>
        new NetworkWithHeads(network, new Dictionary<string, Module>
        {
            [HeadName] = new Sequential(
                Nn.Conv2d(SpcMeanTeacher.DecoderChannels(network, FeatureChannels), 16, 1, bias: false), Nn.BatchNorm2d(16), Nn.ReLU(),
                Nn.Conv2d(16, 16, 1, bias: false)),
        });

    /// <summary>The iteration the first self-training round starts.</summary>
    public int BaselineLength(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return BaselineIterations ?? plan.Iterations / 4;
    }

    /// <summary>Whether <paramref name="iteration"/> starts a self-training round.</summary>
    public bool IsRoundStart(int iteration, TrainingPlan plan)
    {
        int baseline = BaselineLength(plan);
        int length = Math.Max(1, (plan.Iterations - baseline) / Rounds);
        return iteration >= baseline && (iteration - baseline) % length == 0 && (iteration - baseline) / length < Rounds;
    }

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null || context.Student is not NetworkWithHeads student)
            throw new InvalidOperationException("The local contrastive method needs its student with a contrastive head, a teacher and unlabeled images.");
        int classes = context.Plan.ClassCount;
        long labeled = context.LabeledImages.Size(0);
        if (context.Iteration < BaselineLength(context.Plan))
        {
            var logits = student.Forward(context.LabeledImages).Logits;
            var baseline = LocalContrastiveLoss.Dice(Functional.Softmax(logits, 1), context.Labels, classes);
            return new StepLoss(baseline, new Dictionary<string, double> { ["dice"] = baseline.Item(), ["stage"] = 0 });
        }
        if (IsRoundStart(context.Iteration, context.Plan))
            context.Teacher.LoadStateDict(student.StateDict());

        var p = context.Plan.PatchSize;
        Tensor pseudo;
        using (Autograd.NoGrad())
            pseudo = SpcCopyPaste.LargestComponentLabels(context.Teacher.Forward(context.UnlabeledImages).Logits, classes, p[0], p[1]);
        var random = DeterministicRandom.ForStream(context.Plan.Seed, 4_000_000 + context.Iteration);
        var all = Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0);
        var view1 = BatchViews.Photometric(all, random);
        var view2 = BatchViews.Photometric(all, random);
        var first = student.Forward(Tensor.Cat([context.LabeledImages, view1], 0));
        var dice = LocalContrastiveLoss.Dice(Functional.Softmax(first.Logits.Narrow(0, 0, labeled), 1), context.Labels, classes);
        var head = student.Head<Sequential>(HeadName);
        long count = all.Size(0);
        var e1 = head.Forward(first.Features.Narrow(0, labeled, count));
        var e2 = head.Forward(student.Forward(view2).Features);

        var masks = Tensor.Cat([context.Labels, pseudo], 0).ToArray<long>();
        int plane = p[0] * p[1];
        long[] Mask(int i) => masks.AsSpan(i * plane, plane).ToArray();
        var pairs = Pairs((int)labeled, (int)(count - labeled));
        Tensor? sum = null;
        foreach (var (a, b) in pairs)
        {
            var la = Mask(a);
            var lb = Mask(b);
            var term = LocalContrastiveLoss.PairTerms(e1.Select(0, a), e2.Select(0, b), la, lb,
                Anchors(la, classes, random), Anchors(lb, classes, random), classes, Temperature);
            sum = sum is null ? term : sum.Add(term);
        }
        var contrast = sum!.Div(2.0 * AnchorsPerClass * (classes - 1)).Div(pairs.Count);
        var total = dice.Add(contrast.Mul(Weight));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["dice"] = dice.Item(),
            ["lc"] = contrast.Item(),
            ["stage"] = 1,
        });
    }

    /// <summary>Same-image pairs of every image, labeled–unlabeled pairs (l_k, u_k) and unlabeled–unlabeled (u_k, u_k+1).</summary>
    public static List<(int First, int Second)> Pairs(int labeled, int unlabeled)
    {
        var pairs = new List<(int, int)>();
        for (int i = 0; i < labeled + unlabeled; i++)
            pairs.Add((i, i));
        for (int k = 0; k < Math.Min(labeled, unlabeled); k++)
            pairs.Add((k, labeled + k));
        for (int k = 0; k + 1 < unlabeled; k++)
            pairs.Add((labeled + k, labeled + k + 1));
        return pairs;
    }

    private List<int> Anchors(long[] labels, int classes, DeterministicRandom random)
    {
        var anchors = new List<int>();
        for (int c = 1; c < classes; c++)
        {
            var pixels = new List<int>();
            for (int n = 0; n < labels.Length; n++)
            {
                if (labels[n] == c)
                    pixels.Add(n);
            }
            if (pixels.Count == 0)
                continue;
            for (int a = 0; a < AnchorsPerClass; a++)
                anchors.Add(pixels[random.NextInt(pixels.Count)]);
        }
        return anchors;
    }
}
