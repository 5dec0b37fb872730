// SPEC 6: AUA + BCL, then PCL, in one run of the loop. Stage 1 (iterations below the switch) is a Mean Teacher
// on the stage-1 network: L = ½(L_MC + Dice_fg) + 0.09 L_BCL + λ(t) L_AUA (GED between stochastic student and
// EMA-teacher samples). Stage 2 trains the fresh stage-2 network on labels and the frozen stage-1 network's
// pseudo-labels with PCL: L = ½(CE + Dice_fg)(l) + ½(CE + Dice_fg)(u, ŷ) + 0.1 L_PCL. Both networks live in one
// AuaVNet3D, so the loop's checkpoints, resume and package carry both; in stage 2 the stage-1 gradients are
// cleared to none so the optimiser leaves its weights alone.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>The AUA / BCL / PCL method (two stages).</summary>
public sealed class AdaptiveUncertaintyAware : ITrainingMethod
{
    /// <summary>The architecture name of the two-stage network.</summary>
    public const string NetworkArchitecture = "aua-vnet3d";

    /// <param name="stageOneIterations">Iterations of stage 1 (null: half of the plan's). The reference trains 6000
    /// and takes the iteration-3000 student into stage 2.</param>
    /// <param name="samples">Even number S of logit samples (6 in the reference).</param>
    /// <param name="maxBoundaryVoxels">Boundary voxels per labeled volume kept for BCL (9000).</param>
    /// <param name="ignoreBackgroundInPcl">The reference run's IGNORE_LABEL = 0 (SPEC 9, item 14).</param>
    public AdaptiveUncertaintyAware(int? stageOneIterations = null, int samples = 6, int maxBoundaryVoxels = 9000,
        double consistencyMax = 0.15, double bclWeight = 0.09, double pclWeight = 0.1, double pclTemperature = 100,
        bool ignoreBackgroundInPcl = true, double noiseSigma = 0.1, double noiseClip = 0.2)
    {
        if (samples < 2 || samples % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "an even number of samples, at least 2");
        StageOneIterations = stageOneIterations;
        Samples = samples;
        MaxBoundaryVoxels = maxBoundaryVoxels;
        ConsistencyMax = consistencyMax;
        BclWeight = bclWeight;
        PclWeight = pclWeight;
        PclTemperature = pclTemperature;
        IgnoreBackgroundInPcl = ignoreBackgroundInPcl;
        NoiseSigma = noiseSigma;
        NoiseClip = noiseClip;
    }

    public int? StageOneIterations { get; }
    public int Samples { get; }
    public int MaxBoundaryVoxels { get; }
    public double ConsistencyMax { get; }
    public double BclWeight { get; }
    public double PclWeight { get; }
    public double PclTemperature { get; }
    public bool IgnoreBackgroundInPcl { get; }
    public double NoiseSigma { get; }
    public double NoiseClip { get; }

    public string Name => "aua";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.ParametersWithWarmUp;
    public string? Architecture => NetworkArchitecture;

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var net = context.Student as AuaVNet3D
            ?? throw new InvalidOperationException($"AUA trains an {nameof(AuaVNet3D)} (architecture {NetworkArchitecture}).");
        if (context.UnlabeledImages is null)
            throw new InvalidOperationException("AUA needs unlabeled images.");
        int switchAt = StageOneIterations ?? context.Plan.Iterations / 2;
        return context.Iteration < switchAt ? StageOne(net, context) : StageTwo(net, context);
    }

    private StepLoss StageOne(AuaVNet3D net, StepContext context)
    {
        var teacher = context.Teacher as AuaVNet3D ?? throw new InvalidOperationException("AUA stage 1 needs its EMA teacher.");
        long labeled = context.LabeledImages.Size(0), unlabeled = context.UnlabeledImages!.Size(0);
        var (output, embedding, gaussian) = net.Stage1.ForwardAll(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0));
        var samples = GaussianLogitHead.SampleAntithetic(gaussian, Samples);
        var y = context.Labels;
        var mc = AuaLosses.MonteCarloNll(samples.Narrow(1, 0, labeled), y);
        var dice = VolumeLosses.DiceForeground(Functional.Softmax(output.Logits.Narrow(0, 0, labeled), 1), y);
        var supervised = mc.Add(dice).Mul(0.5);

        Tensor teacherSamples;
        using (Autograd.NoGrad())
        {
            var noisy = context.UnlabeledImages.Add(context.UnlabeledImages.RandnLike().Mul(NoiseSigma).Clamp(-NoiseClip, NoiseClip));
            var (_, _, tg) = teacher.Stage1.ForwardAll(noisy, embed: false);
            teacherSamples = Functional.Softmax(GaussianLogitHead.SampleAntithetic(tg, Samples), 2);
        }
        var studentSamples = Functional.Softmax(samples.Narrow(1, labeled, unlabeled), 2);
        Tensor? ged = null;
        for (long b = 0; b < unlabeled; b++)
        {
            var term = AuaLosses.GeneralizedEnergyDistance(studentSamples.Select(1, b), teacherSamples.Select(1, b));
            ged = ged is null ? term : ged.Add(term);
        }
        var consistency = ged!.Div(unlabeled);

        var bcl = Bcl(embedding!.Narrow(0, 0, labeled), y);
        double lambda = Ramps.ConsistencyWeight(context.Iteration, ConsistencyMax, context.Plan.ConsistencyRampLength);
        var total = supervised.Add(bcl.Mul(BclWeight)).Add(consistency.Mul(lambda));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["stage"] = 1,
            ["sup"] = supervised.Item(),
            ["mc"] = mc.Item(),
            ["bcl"] = bcl.Item(),
            ["aua"] = consistency.Item(),
            ["lambda"] = lambda,
        });
    }

    // BCL per labeled volume over (a random subset of) its near-boundary voxels, averaged over volumes that have any.
    private Tensor Bcl(Tensor embeddings, Tensor labels)
    {
        var boundary = AuaLosses.BoundaryMask(labels);
        long channels = embeddings.Size(1);
        Tensor total = embeddings.Sum().Mul(0);
        int used = 0;
        for (long b = 0; b < labels.Size(0); b++)
        {
            var index = boundary.Select(0, b).Flatten().NonZero().Select(1, 0);
            long n = index.Size(0);
            if (n < 2)
                continue;
            if (n > MaxBoundaryVoxels)
                index = index.IndexSelect(0, Tensor.RandPerm(n).Narrow(0, 0, MaxBoundaryVoxels));
            var e = embeddings.Select(0, b).Reshape(channels, -1).Transpose(0, 1).IndexSelect(0, index);
            var l = labels.Select(0, b).Flatten().IndexSelect(0, index);
            total = total.Add(AuaLosses.SupervisedContrastive(e, l));
            used++;
        }
        return used == 0 ? total : total.Div(used);
    }

    private StepLoss StageTwo(AuaVNet3D net, StepContext context)
    {
        long labeled = context.LabeledImages.Size(0), unlabeled = context.UnlabeledImages!.Size(0);
        var y = context.Labels;
        net.Stage1.ZeroGrad(setToNone: true);
        Tensor pseudo;
        using (Autograd.NoGrad())
        {
            bool wasTraining = net.Stage1.IsTraining;
            net.Stage1.Eval();
            if (!net.InStageTwo)
            {
                // Class statistics start from the frozen stage-1 features of the labeled batch (the reference
                // runs a separate 3000-iteration pass over the labeled volumes for this).
                using var first = net.Stage1.Forward(context.LabeledImages);
                UpdateStatistics(net, first.Features, y);
                net.Stage.FillInPlace(1);
            }
            using var stageOne = net.Stage1.Forward(context.UnlabeledImages);
            pseudo = stageOne.Logits.ArgMax(1);
            net.Stage1.Train(wasTraining);
        }
        var (output, _, _) = net.Stage2.ForwardAll(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0), embed: false);
        var logits = output.Logits;
        var supervised = VolumeLosses.HalfCeDice(logits.Narrow(0, 0, labeled), y);
        var pseudoLoss = VolumeLosses.HalfCeDice(logits.Narrow(0, labeled, unlabeled), pseudo);
        var features = output.Features;
        using (Autograd.NoGrad())
            UpdateStatistics(net, features.Narrow(0, 0, labeled).Detach(), y);
        var pcl = AuaLosses.PrototypeLoss(Flat(features.Narrow(0, 0, labeled)), y.Flatten(), net.ClassMean, net.ClassVariance, PclTemperature, IgnoreBackgroundInPcl)
            .Add(AuaLosses.PrototypeLoss(Flat(features.Narrow(0, labeled, unlabeled)), pseudo.Flatten(), net.ClassMean, net.ClassVariance, PclTemperature, IgnoreBackgroundInPcl));
        var total = supervised.Add(pseudoLoss).Add(pcl.Mul(PclWeight));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["stage"] = 2,
            ["sup"] = supervised.Item(),
            ["pseudo"] = pseudoLoss.Item(),
            ["pcl"] = pcl.Item(),
        });
    }

    private static Tensor Flat(Tensor features) => features.Flatten(2).Transpose(1, 2).Reshape(-1, features.Size(1));

    private static void UpdateStatistics(AuaVNet3D net, Tensor features, Tensor labels)
    {
        var (mean, variance, count) = AuaLosses.UpdateStatistics(net.ClassMean, net.ClassVariance, net.ClassCount, Flat(features), labels.Flatten());
        net.ClassMean.CopyInPlace(mean);
        net.ClassVariance.CopyInPlace(variance);
        net.ClassCount.CopyInPlace(count);
    }
}
