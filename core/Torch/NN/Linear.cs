// Fully connected layer: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        Weight = RegisterParameter("weight", Tensor.Empty([outFeatures, inFeatures]));
        Init.KaimingUniform(Weight, Math.Sqrt(5));
        if (bias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            Bias = RegisterParameter("bias", Tensor.Empty([outFeatures]));
            Init.Uniform(Bias, -bound, bound);
        }
    }

    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}

public static partial class Nn
{
    public static Linear Linear(long inFeatures, long outFeatures, bool bias = true) => new(inFeatures, outFeatures, bias);
}

public static partial class Functional
{
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => Aten.Call("aten::linear", "", input, weight, bias);
}
