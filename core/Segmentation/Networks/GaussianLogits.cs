using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Networks;

/// <summary>A low-rank multivariate Gaussian over the flattened logits (class-major, length C*|voxels|):
/// covariance = F F^T + diag(D). Disposing frees the three tensors.</summary>
public sealed class GaussianLogits : IDisposable
{
    public GaussianLogits(Tensor mean, Tensor covarianceDiagonal, Tensor covarianceFactor)
    {
        Mean = mean;
        CovarianceDiagonal = covarianceDiagonal;
        CovarianceFactor = covarianceFactor;
    }

    /// <summary>The mean logits, [N, C, spatial...] (the deterministic prediction).</summary>
    public Tensor Mean { get; }

    /// <summary>D, [N, C*|voxels|], positive.</summary>
    public Tensor CovarianceDiagonal { get; }

    /// <summary>F, [N, C*|voxels|, rank].</summary>
    public Tensor CovarianceFactor { get; }

    public void Dispose()
    {
        Mean.Dispose();
        CovarianceDiagonal.Dispose();
        CovarianceFactor.Dispose();
    }
}
