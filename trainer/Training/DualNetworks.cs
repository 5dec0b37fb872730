// SPEC 7: dual networks (VNet + ResNet-34-3D), no EMA. Each iteration the network with the smaller labeled
// Dice loss is the winner; the loser also receives the prototype contrast, the KL-rectified pseudo-supervision
// from the winner and the cosine consistency. The two losses are summed: the parameters are disjoint, so this
// is the reference code's two backward passes and two optimiser steps.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>The dual-network method. Default: the paper's intent; <c>codeFaithful</c> reproduces the released code.</summary>
public sealed class DualNetworks : ITrainingMethod
{
    /// <param name="codeFaithful">
    /// The released code's behaviour (SPEC 7.3, discrepancies 16-17): entropy on raw logits (NaN, so nothing is
    /// filtered), pseudo-label CE and prototype contrast without gradient, fg/bg prototypes pulled together,
    /// KL always from net A to net B. Off: softmax entropy, live pseudo-CE and prototype loss, prototypes pushed
    /// apart, KL from the winner to the loser.
    /// </param>
    public DualNetworks(bool codeFaithful = false, double percentile = 20, double temperature = 0.5, double mistakeWeight = 0.5)
    {
        CodeFaithful = codeFaithful;
        Percentile = percentile;
        Temperature = temperature;
        MistakeWeight = mistakeWeight;
    }

    /// <summary>The architecture name of the two networks in one module.</summary>
    public const string NetworkArchitecture = "dual-vnet-resnet34";

    public bool CodeFaithful { get; }
    public double Percentile { get; }
    public double Temperature { get; }
    public double MistakeWeight { get; }

    public string Name => CodeFaithful ? "dual-networks-code" : "dual-networks";
    public bool UsesUnlabeled => true;
    public EmaVariant? Teacher => null;
    public string? Architecture => NetworkArchitecture;

    public StepLoss Loss(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dual = context.Student as DualNetwork3D
            ?? throw new InvalidOperationException($"Dual networks train a {nameof(DualNetwork3D)} (architecture {NetworkArchitecture}).");
        if (context.UnlabeledImages is null)
            throw new InvalidOperationException("Dual networks need unlabeled images.");
        long labeled = context.LabeledImages.Size(0);
        long unlabeled = context.UnlabeledImages.Size(0);
        var x = Tensor.Cat([context.LabeledImages, context.UnlabeledImages], 0);
        var outA = dual.A.Forward(x);
        var outB = dual.B.Forward(x);
        var pA = Functional.Softmax(outA.Logits, 1);
        var pB = Functional.Softmax(outB.Logits, 1);
        var y = context.Labels;

        // Supervised, with the mistake term on the voxels where the two confident predictions disagree.
        var disagreement = DualNetworkLosses.Disagreement(pA.Narrow(0, 0, labeled).Detach(), pB.Narrow(0, 0, labeled).Detach());
        var diceA = VolumeLosses.DiceForeground(pA.Narrow(0, 0, labeled), y);
        var diceB = VolumeLosses.DiceForeground(pB.Narrow(0, 0, labeled), y);
        var supA = Functional.CrossEntropy(outA.Logits.Narrow(0, 0, labeled), y).Add(diceA)
            .Add(DualNetworkLosses.Mistake(pA.Narrow(0, 0, labeled), disagreement, y).Mul(MistakeWeight));
        var supB = Functional.CrossEntropy(outB.Logits.Narrow(0, 0, labeled), y).Add(diceB)
            .Add(DualNetworkLosses.Mistake(pB.Narrow(0, 0, labeled), disagreement, y).Mul(MistakeWeight));
        bool aWins = diceA.Item() < diceB.Item();

        // Unlabeled half: pseudo-labels and the entropy filter come from both networks, without gradient.
        var zAu = outA.Logits.Narrow(0, labeled, unlabeled);
        var zBu = outB.Logits.Narrow(0, labeled, unlabeled);
        Tensor pseudo, certain, loserLabels;
        using (Autograd.NoGrad())
        {
            var pAu = pA.Narrow(0, labeled, unlabeled);
            var pBu = pB.Narrow(0, labeled, unlabeled);
            pseudo = DualNetworkLosses.PseudoLabels(pAu, pBu);
            // The released code takes the entropy of logits: NaN percentiles, so every voxel counts as certain.
            certain = CodeFaithful
                ? pseudo.Ge(0)
                : DualNetworkLosses.CertainMask(pAu, pBu, Percentile);
            loserLabels = (aWins ? pBu : pAu).ArgMax(1);
        }
        var pseudoA = DualNetworkLosses.PseudoCrossEntropy(zAu, pseudo, certain);
        var pseudoB = DualNetworkLosses.PseudoCrossEntropy(zBu, pseudo, certain);
        if (CodeFaithful)
        {
            pseudoA = pseudoA.Detach();
            pseudoB = pseudoB.Detach();
        }

        var loserFeatures = (aWins ? outB : outA).Features.Narrow(0, labeled, unlabeled);
        Tensor proto;
        if (CodeFaithful)
        {
            using (Autograd.NoGrad())
                proto = DualNetworkLosses.PrototypeContrast(loserFeatures, pseudo, certain, loserLabels, pushApart: false);
        }
        else
        {
            proto = DualNetworkLosses.PrototypeContrast(loserFeatures, pseudo, certain, loserLabels, pushApart: true);
        }

        // KL-rectified pseudo-supervision from the winner to the loser (released code: always A to B).
        bool teacherIsA = CodeFaithful || aWins;
        var kl = teacherIsA
            ? DualNetworkLosses.KlRectified(outB.Logits, outA.Logits, Temperature)
            : DualNetworkLosses.KlRectified(outA.Logits, outB.Logits, Temperature);
        var cosine = DualNetworkLosses.CosineConsistency(pA, pB);
        double lambda = Ramps.ConsistencyWeight(context.Iteration, context.Plan.ConsistencyMax, context.Plan.ConsistencyRampLength);

        var (supW, pseudoW, supL, pseudoL) = aWins ? (supA, pseudoA, supB, pseudoB) : (supB, pseudoB, supA, pseudoA);
        var winnerLoss = supW.Add(pseudoW);
        var loserLoss = supL.Add(pseudoL).Add(proto.Mul(lambda)).Add(kl).Add(cosine);
        var total = winnerLoss.Add(loserLoss);
        return new StepLoss(total, new Dictionary<string, double>
        {
            ["supA"] = supA.Item(),
            ["supB"] = supB.Item(),
            ["pseudo"] = pseudoA.Item() + pseudoB.Item(),
            ["proto"] = proto.Item(),
            ["kl"] = kl.Item(),
            ["cos"] = cosine.Item(),
            ["lambda"] = lambda,
            ["winnerA"] = aWins ? 1 : 0,
            ["certain"] = certain.Float().Mean().Item(),
        });
    }
}
