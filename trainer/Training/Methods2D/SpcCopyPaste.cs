// SPEC 4.6: SPC on its BCP host. Pre-training style-blends the batch and copy-pastes the labeled halves;
// self-training mixes style-blended labeled images with strong unlabeled views (pseudo-labels from the
// student's weak views, as the released code does; switchable to the EMA teacher), and adds the
// prototype cross-contrast between the weak embeddings and the strong embeddings assembled from the
// two mixed passes. SPEC 9 #8: the weak teacher label of half b comes from teacher(u_b) by default; the
// released code's teacher(u_a) for both halves is the code-faithful switch.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>SPC (style-aware blending + prototype cross-contrast) on BCP.</summary>
public sealed class SpcCopyPaste : ITrainingMethod, IDisposable
{
    private SpcFeatureMemory? _weakMemory, _strongMemory;

    /// <param name="preTrainIterations">Labeled-only stage; null: a quarter of the plan (SPC: 10 000 before 30 000).</param>
    /// <param name="unlabeledWeight">Weight of pseudo-labeled pixels inside the ramp (SPC: 0.1·w(t)).</param>
    /// <param name="codeFaithfulWeakLabels">Use teacher(u_a) as the weak label of both halves, as the released code does.</param>
    /// <param name="teacherPseudoLabels">Pseudo-label with the EMA teacher (BCP) instead of the student (SPC code).</param>
    public SpcCopyPaste(int? featureChannels = null, int? preTrainIterations = null, double unlabeledWeight = 0.1,
        bool codeFaithfulWeakLabels = false, bool teacherPseudoLabels = false, int memorySize = 128)
    {
        FeatureChannels = featureChannels;
        PreTrainIterations = preTrainIterations;
        UnlabeledWeight = unlabeledWeight;
        CodeFaithfulWeakLabels = codeFaithfulWeakLabels;
        TeacherPseudoLabels = teacherPseudoLabels;
        MemorySize = memorySize;
    }

    /// <summary>Channels of the last decoder feature; null: the UNet-2D's first width.</summary>
    public int? FeatureChannels { get; }
    public int? PreTrainIterations { get; }
    public double UnlabeledWeight { get; }
    public bool CodeFaithfulWeakLabels { get; }
    public bool TeacherPseudoLabels { get; }
    public int MemorySize { get; }

    /// <summary>"spc-bcp", or "spc-bcp-code" with the released code's weak labels (SPEC 9 item 8).</summary>
    public string Name => CodeFaithfulWeakLabels ? "spc-bcp-code" : "spc-bcp";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.StateDictConstant;

    public SegmentationNetwork Build(SegmentationNetwork network) =>
        new NetworkWithHeads(network, new Dictionary<string, Module> { [SpcMeanTeacher.ProjectionName] = ProjectionHead.Spc(SpcMeanTeacher.DecoderChannels(network, FeatureChannels), 16) });

    public int PreTrainLength(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PreTrainIterations ?? plan.Iterations / 4;
    }

    public int? RestartFromBestAt(TrainingPlan plan) => PreTrainLength(plan);

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null || context.Student is not NetworkWithHeads student)
            throw new InvalidOperationException("SPC-BCP needs its student with a projection head, a teacher and unlabeled images.");
        if (context.Plan.Dimensionality != 2)
            throw new InvalidOperationException("SPC-BCP is a 2D method.");
        long half = context.LabeledImages.Size(0) / 2;
        if (half < 1 || context.UnlabeledImages.Size(0) != 2 * half)
            throw new InvalidOperationException("SPC-BCP needs an even labeled batch and an unlabeled batch of the same size.");
        int classes = context.Plan.ClassCount;
        var p = context.Plan.PatchSize;
        var random = DeterministicRandom.ForStream(context.Plan.Seed, 3_000_000 + context.Iteration);
        var maskBytes = CopyPasteMask.Create(p[0], p[1], 1, DeterministicRandom.ForStream(context.Plan.Seed, 2_000_000 + context.Iteration));
        var mask = Tensor.FromArray(maskBytes, p[1], p[0]).Float();
        var blended = BatchViews.StyleBlendLabeled(context.LabeledImages, context.UnlabeledImages, random);
        var xa = blended.Narrow(0, 0, half);
        var xb = blended.Narrow(0, half, half);
        var ya = context.Labels.Narrow(0, 0, half);
        var yb = context.Labels.Narrow(0, half, half);

        int preTrain = PreTrainLength(context.Plan);
        if (context.Iteration < preTrain)
        {
            var logits = student.Forward(BidirectionalCopyPaste.Mix(xa, xb, mask)).Logits;
            var (dice, ce) = BidirectionalCopyPaste.MixLoss(logits, ya, yb, mask, 1, 1, classes);
            return new StepLoss(dice.Add(ce).Mul(0.5), new Dictionary<string, double> { ["dice"] = dice.Item(), ["ce"] = ce.Item(), ["stage"] = 0 });
        }
        if (context.Iteration == preTrain)
            context.Teacher.LoadStateDict(student.StateDict());

        var ua = context.UnlabeledImages.Narrow(0, 0, half);
        var ub = context.UnlabeledImages.Narrow(0, half, half);
        var strong = BatchViews.Strong(context.UnlabeledImages, random);
        var sa = strong.Narrow(0, 0, half);
        var sb = strong.Narrow(0, half, half);

        // Weak unlabeled pass of the student: embeddings for the contrast and (code default) the pseudo-labels.
        var weak = student.Forward(context.UnlabeledImages);
        Tensor pseudo, teacherWeak, teacherStrong;
        using (Autograd.NoGrad())
        {
            var teacherWeakLogits = context.Teacher.Forward(context.UnlabeledImages).Logits;
            var pseudoSource = TeacherPseudoLabels ? teacherWeakLogits : weak.Logits.Detach();
            pseudo = LargestComponentLabels(pseudoSource, classes, p[0], p[1]);
            if (CodeFaithfulWeakLabels)
            {
                var first = teacherWeakLogits.Narrow(0, 0, half);
                teacherWeakLogits = Tensor.Cat([first, first], 0);
            }
            teacherWeak = teacherWeakLogits.ArgMax(1);
            var teacherStrongLogits = context.Teacher.Forward(strong).Logits;
            teacherStrong = BidirectionalCopyPaste.Mix(teacherStrongLogits.Narrow(0, 0, half), teacherStrongLogits.Narrow(0, half, half), mask).ArgMax(1);
        }
        var pa = pseudo.Narrow(0, 0, half);
        var pb = pseudo.Narrow(0, half, half);

        // X1: strong unlabeled where M = 1, labeled in the box; X2: labeled where M = 1, strong unlabeled in the box.
        var out1 = student.Forward(BidirectionalCopyPaste.Mix(sa, xa, mask));
        var out2 = student.Forward(BidirectionalCopyPaste.Mix(xb, sb, mask));
        double w = SpcMeanTeacher.RampWeight(context);
        double u = UnlabeledWeight * w;
        var (dice1, ce1) = BidirectionalCopyPaste.MixLoss(out1.Logits, pa, ya, mask, u, 1, classes);
        var (dice2, ce2) = BidirectionalCopyPaste.MixLoss(out2.Logits, yb, pb, mask, 1, u, classes);
        var mixed = dice1.Add(dice2).Add(ce1).Add(ce2).Mul(0.5);

        var projection = student.Head<ProjectionHead>(SpcMeanTeacher.ProjectionName);
        var zWeak = projection.Forward(weak.Features);
        // The strong embedding of each unlabeled position comes from whichever mixed pass saw it.
        var zStrong = projection.Forward(BidirectionalCopyPaste.Mix(out1.Features, out2.Features, mask));
        var strongProbabilities = BidirectionalCopyPaste.Mix(Functional.Softmax(out1.Logits, 1), Functional.Softmax(out2.Logits, 1), mask);
        _weakMemory ??= new SpcFeatureMemory(classes, (int)zWeak.Size(1), MemorySize);
        _strongMemory ??= new SpcFeatureMemory(classes, (int)zWeak.Size(1), MemorySize);
        _weakMemory.Enqueue(Functional.Softmax(weak.Logits, 1), zWeak);
        _strongMemory.Enqueue(strongProbabilities, zStrong);
        var crossContrast = SpcLosses.CrossContrast(zWeak, zStrong, _weakMemory.Prototypes(), _strongMemory.Prototypes(), teacherWeak, teacherStrong);

        var total = mixed.Add(crossContrast.Mul(w));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["mix"] = mixed.Item(),
            ["pc"] = crossContrast.Item(),
            ["w"] = w,
            ["stage"] = 1,
        });
    }

    /// <summary>Argmax then the largest connected component per class and image ([B, H, W] int64).</summary>
    internal static Tensor LargestComponentLabels(Tensor logits, int classes, int sizeX, int sizeY)
    {
        var labels = logits.ArgMax(1).ToArray<long>();
        int count = sizeX * sizeY;
        for (int b = 0; b < labels.Length / count; b++)
            LargestComponents.KeepLargestPerClass(labels.AsSpan(b * count, count), sizeX, sizeY, 1, classes);
        return Tensor.FromArray(labels, labels.Length / count, sizeY, sizeX);
    }

    public void Dispose()
    {
        _weakMemory?.Dispose();
        _strongMemory?.Dispose();
    }
}
