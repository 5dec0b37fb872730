using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>SSL4MIS UpBlock: 1x1 conv to the skip width, bilinear x2 (align corners), concat [skip, up], conv block.</summary>
public sealed class UNetUpBlock : Module
{
    private readonly Conv reduce;
    private readonly UNetConvBlock conv;

    public UNetUpBlock(long deepChannels, long skipChannels, long outChannels, double dropout)
    {
        reduce = RegisterModule("conv1x1", Nn.Conv2d(deepChannels, skipChannels, 1));
        conv = RegisterModule("conv", new UNetConvBlock(skipChannels * 2, outChannels, dropout));
    }

    public Tensor Forward(Tensor deep, Tensor skip)
    {
        using var reduced = reduce.Forward(deep);
        using var up = Functional.Interpolate(reduced, null, 2.0, InterpolationMode.Linear, alignCorners: true);
        using var cat = Tensor.Cat([skip, up], 1);
        return conv.Forward(cat);
    }
}
