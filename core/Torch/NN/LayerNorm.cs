// Layer normalization over the trailing dimensions: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class LayerNorm : Module<Tensor, Tensor>
{
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        NormalizedShape = normalizedShape;
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros(normalizedShape));
        }
    }

    public long[] NormalizedShape { get; }
    public double Eps { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, NormalizedShape, Weight, Bias, Eps);
}

public static partial class Nn
{
    public static LayerNorm LayerNorm(long features, double eps = 1e-5) => new([features], eps);
}

public static partial class Functional
{
    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null,
        double eps = 1e-5) =>
        Aten.Call("aten::layer_norm", "", input, normalizedShape, weight, bias, eps, true);
}
