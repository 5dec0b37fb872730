// SPC's losses (SPEC 4.4, 4.5): the prototype cross-contrast and the weak-to-strong Dice.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Prototype cross-contrast and weak-to-strong consistency of SPC.</summary>
public static class SpcLosses
{
    /// <summary>
    /// L_pc = ½ [CE(softmax_c ⟨ẑ_w, μ^s_c⟩, ŷ_w) + CE(softmax_c ⟨ẑ_s, μ^w_c⟩, ŷ_s)]: per-pixel L2-normalised
    /// embeddings [B, d, H, W] classified by the other view's prototypes [C, d] (raw cosine logits, τ = 1).
    /// </summary>
    public static Tensor CrossContrast(Tensor weakEmbeddings, Tensor strongEmbeddings, Tensor weakPrototypes, Tensor strongPrototypes,
        Tensor weakLabels, Tensor strongLabels)
    {
        ArgumentNullException.ThrowIfNull(weakEmbeddings);
        ArgumentNullException.ThrowIfNull(strongEmbeddings);
        var weakTerm = Functional.CrossEntropy(PrototypeLogits(weakEmbeddings, strongPrototypes), weakLabels);
        var strongTerm = Functional.CrossEntropy(PrototypeLogits(strongEmbeddings, weakPrototypes), strongLabels);
        return weakTerm.Add(strongTerm).Mul(0.5);
    }

    /// <summary>Cosine logits ⟨z/‖z‖, μ_c⟩ of embeddings [B, d, H, W] against prototypes [C, d]: [B, C, H, W].</summary>
    public static Tensor PrototypeLogits(Tensor embeddings, Tensor prototypes)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(prototypes);
        var z = Functional.Normalize(embeddings, 2, 1).Permute(0, 2, 3, 1); // [B, H, W, d]
        return z.MatMul(prototypes.Transpose(0, 1)).Permute(0, 3, 1, 2);
    }

    /// <summary>Weak-to-strong term: Dice-SSL4MIS (smooth 1e-10, background included) of the strong view's
    /// probabilities against the argmax of the weak view.</summary>
    public static Tensor WeakToStrong(Tensor strongLogits, Tensor weakLogits, int classes)
    {
        ArgumentNullException.ThrowIfNull(strongLogits);
        ArgumentNullException.ThrowIfNull(weakLogits);
        var pseudo = weakLogits.Detach().ArgMax(1);
        return SegmentationLosses.Dice(Functional.Softmax(strongLogits, 1), pseudo, classes, 1e-10);
    }
}
