// Per-pixel (or per-voxel) projection heads of the contrastive methods, built from 1x1(x1) convolutions.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class ProjectionHead : Module<Tensor, Tensor>
{
    private readonly Sequential head;

    private ProjectionHead(Sequential head, bool normalize)
    {
        this.head = RegisterModule("head", head);
        Normalize = normalize;
    }

    /// <summary>Whether the output is L2-normalized along the channel dimension.</summary>
    public bool Normalize { get; }

    /// <summary>SPC's UNetProj head (2-D): three 1x1 convs without bias, BN + ReLU after the first two,
    /// BN without affine after the last.</summary>
    public static ProjectionHead Spc(long channels = 16, long outChannels = 16) => new(new Sequential(
        Nn.Conv2d(channels, channels, 1, bias: false), Nn.BatchNorm2d(channels), Nn.ReLU(),
        Nn.Conv2d(channels, channels, 1, bias: false), Nn.BatchNorm2d(channels), Nn.ReLU(),
        Nn.Conv2d(channels, outChannels, 1, bias: false), Nn.BatchNorm2d(outChannels, affine: false)), normalize: false);

    /// <summary>AUA's BCL head (3-D): 1x1x1 conv, ReLU, 1x1x1 conv, ReLU, 1x1x1 conv, then L2-normalized.</summary>
    public static ProjectionHead Aua(long channels = 16, long outChannels = 16) => new(new Sequential(
        Nn.Conv3d(channels, channels, 1), Nn.ReLU(),
        Nn.Conv3d(channels, channels, 1), Nn.ReLU(),
        Nn.Conv3d(channels, outChannels, 1)), normalize: true);

    public override Tensor Forward(Tensor input)
    {
        var z = head.Forward(input);
        if (!Normalize)
            return z;
        using (z)
            return Functional.Normalize(z, 2, 1);
    }
}
