// The building blocks of SSL4MIS's 2-D UNet, with its parameter names (conv_conv.N, maxpool_conv.1, ...).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>Two (3x3 conv, BN, LeakyReLU) with a dropout between them.</summary>
public sealed class UNetConvBlock : Module<Tensor, Tensor>
{
    private readonly Sequential block;

    public UNetConvBlock(long inChannels, long outChannels, double dropout)
    {
        block = RegisterModule("conv_conv", new Sequential(
            Nn.Conv2d(inChannels, outChannels, 3, padding: 1),
            Nn.BatchNorm2d(outChannels),
            Nn.LeakyReLU(),
            Nn.Dropout(dropout),
            Nn.Conv2d(outChannels, outChannels, 3, padding: 1),
            Nn.BatchNorm2d(outChannels),
            Nn.LeakyReLU()));
    }

    public override Tensor Forward(Tensor input) => block.Forward(input);
}
