// SPEC 4.5: SPC on its Mean Teacher host. The labeled images are style-blended with unlabeled moments;
// the unlabeled images have a weak (loop augmentation) and a strong (photometric) view; the student's
// weak prediction supervises its strong view (Dice) and the projected embeddings of each view are
// classified by the other view's memory prototypes against the EMA teacher's labels.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>SPC (style-aware blending + prototype cross-contrast) on Mean Teacher.</summary>
public sealed class SpcMeanTeacher : ITrainingMethod, IDisposable
{
    internal const string ProjectionName = "projection";
    private SpcFeatureMemory? _weakMemory, _strongMemory;

    /// <param name="featureChannels">Channels of the network's last decoder feature (16 for the UNet-2D).</param>
    /// <param name="weakToStrongWeight">Weight of the weak-to-strong Dice inside the ramp (SPC: 0.1).</param>
    /// <param name="memorySize">Slots per class (SPC: 128).</param>
    public SpcMeanTeacher(int? featureChannels = null, double weakToStrongWeight = 0.1, int memorySize = 128)
    {
        FeatureChannels = featureChannels;
        WeakToStrongWeight = weakToStrongWeight;
        MemorySize = memorySize;
    }

    /// <summary>Channels of the last decoder feature; null: the UNet-2D's first width.</summary>
    public int? FeatureChannels { get; }
    public double WeakToStrongWeight { get; }
    public int MemorySize { get; }

    public string Name => "spc-mt";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.ParametersWithWarmUp;

    public SegmentationNetwork Build(SegmentationNetwork network) =>
        new NetworkWithHeads(network, new Dictionary<string, Module> { [ProjectionName] = ProjectionHead.Spc(Channels(network), 16) });

    private long Channels(SegmentationNetwork network) => DecoderChannels(network, FeatureChannels);

    /// <summary>The channels of <paramref name="network"/>'s last decoder feature: given, or the UNet-2D's first width.</summary>
    internal static long DecoderChannels(SegmentationNetwork network, int? given) =>
        given ?? (network is UNet2D unet ? unet.Widths[0]
            : throw new ArgumentException($"Give the decoder feature channels of {network?.GetType().Name}.", nameof(network)));

    /// <summary>SPC's ramp w(t) = sigmoid_rampup(⌊t/150⌋, L) with no multiplier (L: the plan's ramp length).</summary>
    public static double RampWeight(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Ramps.ConsistencyWeight(context.Iteration, 1.0, context.Plan.ConsistencyRampLength);
    }

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null || context.Student is not NetworkWithHeads student)
            throw new InvalidOperationException("SPC-MT needs its student with a projection head, a teacher and unlabeled images.");
        int classes = context.Plan.ClassCount;
        var random = DeterministicRandom.ForStream(context.Plan.Seed, 3_000_000 + context.Iteration);
        var blended = BatchViews.StyleBlendLabeled(context.LabeledImages, context.UnlabeledImages, random);
        var strongImages = BatchViews.Strong(context.UnlabeledImages, random);
        long labeled = blended.Size(0);

        var output = student.Forward(Tensor.Cat([blended, context.UnlabeledImages], 0));
        var supervised = SegmentationLosses.Supervised(output.Logits.Narrow(0, 0, labeled), context.Labels, classes);
        var weakLogits = output.Logits.Narrow(0, labeled, output.Logits.Size(0) - labeled);
        var weakFeatures = output.Features.Narrow(0, labeled, output.Features.Size(0) - labeled);
        var strongOutput = student.Forward(strongImages);
        var weakToStrong = SpcLosses.WeakToStrong(strongOutput.Logits, weakLogits, classes);

        var projection = student.Head<ProjectionHead>(ProjectionName);
        var zWeak = projection.Forward(weakFeatures);
        var zStrong = projection.Forward(strongOutput.Features);
        Tensor teacherWeak, teacherStrong;
        using (Autograd.NoGrad())
        {
            teacherWeak = context.Teacher.Forward(context.UnlabeledImages).Logits.ArgMax(1);
            teacherStrong = context.Teacher.Forward(strongImages).Logits.ArgMax(1);
        }
        _weakMemory ??= new SpcFeatureMemory(classes, (int)zWeak.Size(1), MemorySize);
        _strongMemory ??= new SpcFeatureMemory(classes, (int)zWeak.Size(1), MemorySize);
        // The memories take the current batch before the prototypes are read (SPEC 4.4).
        _weakMemory.Enqueue(Functional.Softmax(weakLogits, 1), zWeak);
        _strongMemory.Enqueue(Functional.Softmax(strongOutput.Logits, 1), zStrong);
        var crossContrast = SpcLosses.CrossContrast(zWeak, zStrong, _weakMemory.Prototypes(), _strongMemory.Prototypes(), teacherWeak, teacherStrong);

        double w = RampWeight(context);
        var total = supervised.Add(weakToStrong.Mul(WeakToStrongWeight).Add(crossContrast).Mul(w));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["sup"] = supervised.Item(),
            ["w2s"] = weakToStrong.Item(),
            ["pc"] = crossContrast.Item(),
            ["w"] = w,
        });
    }

    public void Dispose()
    {
        _weakMemory?.Dispose();
        _strongMemory?.Dispose();
    }
}
