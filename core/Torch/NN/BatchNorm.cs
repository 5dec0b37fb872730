// Batch normalization (any spatial rank): module, factories, functional form.
namespace PacsSeg.Torch.NN;

public sealed class BatchNorm : Module<Tensor, Tensor>
{
    public BatchNorm(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    {
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([features]));
            Bias = RegisterParameter("bias", Tensor.Zeros([features]));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([features]));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones([features]));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], ScalarType.Int64));
        }
    }

    public double Eps { get; }
    public double Momentum { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }
    public Tensor? RunningMean { get; }
    public Tensor? RunningVar { get; }
    public Tensor? NumBatchesTracked { get; }

    public override Tensor Forward(Tensor input)
    {
        if (IsTraining && NumBatchesTracked is not null)
        {
            using var ng = Autograd.NoGrad();
            NumBatchesTracked.AddInPlace(1);
        }
        // As PyTorch: batch statistics in training, or always when no running statistics are kept.
        bool useBatchStats = IsTraining || RunningMean is null;
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, Momentum, Eps);
    }
}

public static partial class Nn
{
    public static BatchNorm BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true) =>
        new(features, eps, momentum, affine);

    public static BatchNorm BatchNorm3d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true) =>
        new(features, eps, momentum, affine);
}

public static partial class Functional
{
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        Aten.Call("aten::batch_norm", "", input, weight, bias, runningMean, runningVar, training, momentum, eps, true);
}
