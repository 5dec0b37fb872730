// Rectified linear unit: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class ReLU : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}

public static partial class Nn
{
    public static ReLU ReLU() => new();
}

public static partial class Functional
{
    public static Tensor Relu(Tensor input) => Aten.Call("aten::relu", "", input);
}
