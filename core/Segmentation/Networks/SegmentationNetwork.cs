using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>Base of the segmentation architectures: input [N, inChannels, spatial...] to a <see cref="NetworkOutput"/>.
/// Parameter names follow the reference PyTorch code, so its checkpoints load through safetensors.</summary>
public abstract class SegmentationNetwork : Module<Tensor, NetworkOutput>
{
    protected SegmentationNetwork(int spatialDimensions, long inChannels, long classes)
    {
        SpatialDimensions = spatialDimensions;
        InChannels = inChannels;
        Classes = classes;
    }

    /// <summary>2 for slice networks, 3 for volume networks.</summary>
    public int SpatialDimensions { get; }

    public long InChannels { get; }

    public long Classes { get; }

    /// <summary>The factor every spatial input size must be a multiple of.</summary>
    public virtual long SizeDivisor => 16;
}
