// SPEC 2.2: Mean Teacher. The student sees labeled and unlabeled images in one batch; the EMA teacher sees
// the unlabeled ones with clipped Gaussian noise; consistency is the softmax MSE, weighted by λ(t).
using PacsSeg.Torch;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>The Mean Teacher method (parameter EMA with warm-up).</summary>
public sealed class MeanTeacher : ITrainingMethod
{
    /// <param name="consistencyStart">Iterations before which λ is forced to 0 (SSL4MIS: 1000).</param>
    public MeanTeacher(int consistencyStart = 1000, double noiseSigma = 0.1, double noiseClip = 0.2)
    {
        ConsistencyStart = consistencyStart;
        NoiseSigma = noiseSigma;
        NoiseClip = noiseClip;
    }

    public int ConsistencyStart { get; }
    public double NoiseSigma { get; }
    public double NoiseClip { get; }

    public string Name => "mean-teacher";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => EmaVariant.ParametersWithWarmUp;

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Teacher is null || context.UnlabeledImages is null)
            throw new InvalidOperationException("Mean Teacher needs a teacher and unlabeled images.");
        long labeled = context.LabeledImages.Size(0);
        var logits = context.Student.Forward(Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0)).Logits;
        var labeledLogits = logits.Narrow(0, 0, labeled);
        var unlabeledLogits = logits.Narrow(0, labeled, logits.Size(0) - labeled);
        var supervised = SegmentationLosses.Supervised(labeledLogits, context.Labels, context.Plan.ClassCount);

        Tensor teacherLogits;
        using (Autograd.NoGrad())
        {
            var noise = context.UnlabeledImages.RandnLike().Mul(NoiseSigma).Clamp(-NoiseClip, NoiseClip);
            teacherLogits = context.Teacher.Forward(context.UnlabeledImages.Add(noise)).Logits;
        }
        var consistency = SegmentationLosses.SoftmaxMse(unlabeledLogits, teacherLogits);
        double weight = context.Iteration < ConsistencyStart
            ? 0
            : Ramps.ConsistencyWeight(context.Iteration, context.Plan.ConsistencyMax, context.Plan.ConsistencyRampLength);
        var total = supervised.Add(consistency.Mul(weight));
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["sup"] = supervised.Item(),
            ["cons"] = consistency.Item(),
            ["lambda"] = weight,
        });
    }
}
