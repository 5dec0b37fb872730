// Instance normalization (any spatial rank): module, factories, functional form.
namespace PacsSeg.Torch.NN;

public sealed class InstanceNorm : Module<Tensor, Tensor>
{
    public InstanceNorm(long features, double eps = 1e-5, double momentum = 0.1, bool affine = false)
    {
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([features]));
            Bias = RegisterParameter("bias", Tensor.Zeros([features]));
        }
    }

    public double Eps { get; }
    public double Momentum { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.InstanceNorm(input, Weight, Bias, Momentum, Eps);
}

public static partial class Nn
{
    public static InstanceNorm InstanceNorm2d(long features, double eps = 1e-5, bool affine = false) => new(features, eps, 0.1, affine);

    public static InstanceNorm InstanceNorm3d(long features, double eps = 1e-5, bool affine = false) => new(features, eps, 0.1, affine);
}

public static partial class Functional
{
    public static Tensor InstanceNorm(Tensor input, Tensor? weight = null, Tensor? bias = null, double momentum = 0.1,
        double eps = 1e-5) =>
        Aten.Call("aten::instance_norm", "", input, weight, bias, OpArg.None, OpArg.None, true, momentum, eps, true);
}
