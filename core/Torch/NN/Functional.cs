// Functional forms without a module of their own: activations, losses, similarity. Layer functions sit
// in their layers' files (Conv.cs, BatchNorm.cs, ...).
namespace PacsSeg.Torch.NN;

public static partial class Functional
{
    public static Tensor Softmax(Tensor input, long dim) => Aten.Call("aten::softmax", "int", input, dim);

    public static Tensor LogSoftmax(Tensor input, long dim) => Aten.Call("aten::log_softmax", "int", input, dim);

    public static Tensor Sigmoid(Tensor input) => Aten.Call("aten::sigmoid", "", input);

    public static Tensor Tanh(Tensor input) => Aten.Call("aten::tanh", "", input);

    public static Tensor Gelu(Tensor input) => Aten.Call("aten::gelu", "", input);

    public static Tensor Softplus(Tensor input, double beta = 1, double threshold = 20) =>
        Aten.Call("aten::softplus", "", input, beta, threshold);

    /// <summary>Cross entropy over class dimension 1 with integer targets, optional class weights,
    /// an ignored target value and label smoothing (F.cross_entropy).</summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0) =>
        Aten.Call("aten::cross_entropy_loss", "", input, target, weight, (long)reduction, ignoreIndex, labelSmoothing);

    public static Tensor NllLoss(Tensor logProbabilities, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean) =>
        Aten.Call("aten::nll_loss_nd", "", logProbabilities, target, weight, (long)reduction, ignoreIndex);

    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Aten.Call("aten::mse_loss", "", input, target, (long)reduction);

    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Aten.Call("aten::l1_loss", "", input, target, (long)reduction);

    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Reduction reduction = Reduction.Mean) =>
        Aten.Call("aten::binary_cross_entropy_with_logits", "", input, target, weight, OpArg.None, (long)reduction);

    /// <summary>KL divergence with log-probability input (F.kl_div; <paramref name="reduction"/> Mean is
    /// PyTorch's element mean, divide a Sum by the batch for "batchmean").</summary>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false) =>
        Aten.Call("aten::kl_div", "", input, target, (long)reduction, logTarget);

    public static Tensor CosineSimilarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
        Aten.Call("aten::cosine_similarity", "", x1, x2, dim, eps);

    /// <summary>Lp-normalization along a dimension, as F.normalize: x / max(||x||_p, eps).</summary>
    public static Tensor Normalize(Tensor input, double p = 2, long dim = 1, double eps = 1e-12)
    {
        using var norm = input.Norm(p, [dim], keepDim: true);
        using var clamped = norm.ClampMin(eps);
        using var denominator = clamped.ExpandAs(input);
        return input.Div(denominator);
    }
}
