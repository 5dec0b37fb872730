namespace PacsSeg.Trainer.Training;

/// <summary>SPEC 2.1: the labeled data only, L_sup = ½ (CE + Dice).</summary>
public sealed class SupervisedOnly : ITrainingMethod
{
    public string Name => "supervised";
    public bool UsesUnlabeled => false;
    public Schedules.EmaVariant? Teacher => null;

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logits = context.Student.Forward(context.LabeledImages).Logits;
        var loss = SegmentationLosses.Supervised(logits, context.Labels, context.Plan.ClassCount);
        return new StepLoss(loss, new Dictionary<string, double> { ["sup"] = loss.Item() });
    }
}
