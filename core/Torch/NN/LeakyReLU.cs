// Leaky ReLU: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class LeakyReLU : Module<Tensor, Tensor>
{
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    public double NegativeSlope { get; }

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
}

public static partial class Nn
{
    public static LeakyReLU LeakyReLU(double negativeSlope = 0.01) => new(negativeSlope);
}

public static partial class Functional
{
    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) =>
        Aten.Call("aten::leaky_relu", "", input, negativeSlope);
}
