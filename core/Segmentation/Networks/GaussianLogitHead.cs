// AUA's stochastic-segmentation head (StochasticVNetSupCon): on ReLU of the trunk's 16-channel output,
// three 1x1x1 convs give the mean logits, the log of the covariance diagonal and the low-rank covariance
// factor; samples are drawn antithetically ("fixed reparametrisation").
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class GaussianLogitHead : Module<Tensor, GaussianLogits>
{
    private readonly Conv mean, logDiagonal, factor;

    public GaussianLogitHead(long inChannels, long classes, long rank = 8)
    {
        Classes = classes;
        Rank = rank;
        mean = RegisterModule("mean_l", Nn.Conv3d(inChannels, classes, 1));
        logDiagonal = RegisterModule("log_cov_diag_l", Nn.Conv3d(inChannels, classes, 1));
        factor = RegisterModule("cov_factor_l", Nn.Conv3d(inChannels, classes * rank, 1));
    }

    public long Classes { get; }

    public long Rank { get; }

    /// <param name="input">The trunk's output O, [N, inChannels, D, H, W] (ReLU is applied here).</param>
    /// <param name="roiMask">Optional [N, 1, D, H, W] 0/1 mask: outside it the factor rows are zeroed and the diagonal is 1e-5.</param>
    public GaussianLogits Forward(Tensor input, Tensor? roiMask)
    {
        using var scope = DisposeScope.Enter();
        var r = input.Relu();
        long n = input.Size(0);
        var mu = mean.Forward(r);
        var diag = logDiagonal.Forward(r).Exp() + 1e-5;
        // Channels of the factor conv are rank-major (rank, class), as the SSN reference code views them.
        var f = factor.Forward(r).View(n, Rank, Classes, -1).Flatten(2, 3).Transpose(1, 2);
        if (roiMask is not null)
        {
            var m = roiMask.To(ScalarType.Float32).Expand(n, Classes, -1, -1, -1).Reshape(n, -1);
            f = f * m.Unsqueeze(2);
            diag = diag.Reshape(n, -1) * m + (1 - m) * 1e-5;
        }
        var result = new GaussianLogits(mu.MoveToOuterScope(), diag.Reshape(n, -1).MoveToOuterScope(), f.MoveToOuterScope());
        return result;
    }

    public override GaussianLogits Forward(Tensor input) => Forward(input, null);

    /// <summary>Draws <paramref name="samples"/> (even) logit maps, [S, N, C, spatial...]: S/2 draws
    /// mean + F e1 + sqrt(D) e2 and their mirror images around the mean.</summary>
    public static Tensor SampleAntithetic(GaussianLogits g, int samples)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (samples < 2 || samples % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(samples), "an even number of samples, at least 2");
        using var scope = DisposeScope.Enter();
        long[] shape = g.Mean.Shape;
        long n = shape[0], rank = g.CovarianceFactor.Size(2), flat = g.CovarianceDiagonal.Size(1);
        int half = samples / 2;
        var e1 = Tensor.Randn([half, n, rank, 1], device: g.Mean.Device);
        var e2 = Tensor.Randn([half, n, flat], device: g.Mean.Device);
        var low = g.CovarianceFactor.Unsqueeze(0).MatMul(e1).Squeeze(3);
        var delta = low + g.CovarianceDiagonal.Sqrt().Unsqueeze(0) * e2;
        var mean = g.Mean.Reshape(n, -1).Unsqueeze(0);
        var all = Tensor.Cat([mean + delta, mean - delta], 0);
        long[] outShape = [samples, .. shape];
        return all.Reshape(outShape).MoveToOuterScope();
    }
}
