// SPEC 2.3: UA-MT. Mean Teacher whose consistency counts only voxels where the teacher is certain:
// predictive entropy of T noisy teacher passes below a threshold rising from 0.75 ln 2 to ln 2.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>The UA-MT method (parameter EMA with warm-up, MC-noise uncertainty mask).</summary>
public sealed class UncertaintyAwareMeanTeacher : ITrainingMethod
{
    /// <param name="passes">Noisy teacher passes T (8 in the reference code).</param>
    /// <param name="consistencyStart">Iterations before which λ is forced to 0 (the 2D SSL4MIS scripts: 1000).</param>
    public UncertaintyAwareMeanTeacher(int passes = 8, int consistencyStart = 1000, double noiseSigma = 0.1, double noiseClip = 0.2)
    {
        if (passes < 1)
            throw new ArgumentOutOfRangeException(nameof(passes), passes, "at least one teacher pass");
        Passes = passes;
        ConsistencyStart = consistencyStart;
        NoiseSigma = noiseSigma;
        NoiseClip = noiseClip;
    }

    public int Passes { get; }
    public int ConsistencyStart { get; }
    public double NoiseSigma { get; }
    public double NoiseClip { get; }

    public string Name => "ua-mt";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.ParametersWithWarmUp;

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null)
            throw new InvalidOperationException("UA-MT needs a teacher and unlabeled images.");
        long labeled = context.LabeledImages.Size(0);
        var logits = context.Student.Forward(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0)).Logits;
        var unlabeledLogits = logits.Narrow(0, labeled, logits.Size(0) - labeled);
        var supervised = SegmentationLosses.Supervised(logits.Narrow(0, 0, labeled), context.Labels, context.Plan.ClassCount);

        Tensor teacherLogits, uncertainty;
        using (Autograd.NoGrad())
        {
            teacherLogits = context.Teacher.Forward(Noisy(context.UnlabeledImages)).Logits;
            Tensor? sum = null;
            for (int t = 0; t < Passes; t++)
            {
                var p = Functional.Softmax(context.Teacher.Forward(Noisy(context.UnlabeledImages)).Logits, 1);
                sum = sum is null ? p : sum.Add(p);
            }
            uncertainty = Entropy(sum!.Div(Passes));
        }
        double threshold = Ramps.UncertaintyThreshold(context.Iteration, context.Plan.Iterations);
        var consistency = MaskedConsistency(unlabeledLogits, teacherLogits, uncertainty, threshold);
        double weight = context.Iteration < ConsistencyStart
            ? 0
            : Ramps.ConsistencyWeight(context.Iteration, context.Plan.ConsistencyMax, context.Plan.ConsistencyRampLength);
        double certain = uncertainty.Lt(threshold).Float().Mean().Item();
        return new StepLoss(supervised.Add(consistency.Mul(weight)), new Dictionary<string, double>
        {
            ["sup"] = supervised.Item(),
            ["cons"] = consistency.Item(),
            ["lambda"] = weight,
            ["certain"] = certain,
        });
    }

    /// <summary>Predictive entropy −Σ_c p̄_c ln(p̄_c + 1e-6) of mean probabilities [B, C, ...] → [B, ...].</summary>
    public static Tensor Entropy(Tensor meanProbabilities)
    {
        ArgumentNullException.ThrowIfNull(meanProbabilities);
        return meanProbabilities.Mul(meanProbabilities.Add(1e-6).Log()).Sum(1).Neg();
    }

    /// <summary>
    /// Σ(m ⊙ d) / (2 Σm + 1e-16) with d the element-wise softmax MSE [B, C, ...] and m = [U &lt; τ] broadcast over
    /// classes; the 2 is the reference code's class count, kept as a constant (SPEC 2.3).
    /// </summary>
    public static Tensor MaskedConsistency(Tensor studentLogits, Tensor teacherLogits, Tensor uncertainty, double threshold)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        ArgumentNullException.ThrowIfNull(uncertainty);
        var d = Functional.Softmax(studentLogits, 1).Sub(Functional.Softmax(teacherLogits, 1)).Square();
        var mask = uncertainty.Lt(threshold).Float().Unsqueeze(1);
        return d.Mul(mask).Sum().Div(mask.Sum().Mul(2).Add(1e-16));
    }

    private Tensor Noisy(Tensor images) => images.Add(images.RandnLike().Mul(NoiseSigma).Clamp(-NoiseClip, NoiseClip));
}
