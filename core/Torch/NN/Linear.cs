// Fully connected layer: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        (Weight, Bias) = RegisterWeightAndBias([outFeatures, inFeatures], outFeatures, bias);
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
