// The building blocks of the UA-MT VNet, with its parameter names (conv.N).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>Stages of (3x3x3 conv, BN, ReLU) (UA-MT "ConvBlock"), or one strided 2x2x2 (transposed) conv + BN + ReLU
/// for down- and up-sampling.</summary>
public sealed class VNetBlock : Module<Tensor, Tensor>
{
    private readonly Sequential conv;

    private VNetBlock(Sequential conv) => this.conv = RegisterModule("conv", conv);

    /// <summary><paramref name="stages"/> x (3x3x3 conv, BN, ReLU).</summary>
    public static VNetBlock Convolutions(int stages, long inChannels, long outChannels)
    {
        var s = new Sequential();
        for (int i = 0; i < stages; i++)
        {
            s.Append(Nn.Conv3d(i == 0 ? inChannels : outChannels, outChannels, 3, padding: 1));
            s.Append(Nn.BatchNorm3d(outChannels));
            s.Append(Nn.ReLU());
        }
        return new VNetBlock(s);
    }

    /// <summary>2x2x2 conv, stride 2, BN, ReLU.</summary>
    public static VNetBlock Down(long inChannels, long outChannels) =>
        new(new Sequential(Nn.Conv3d(inChannels, outChannels, 2, stride: 2), Nn.BatchNorm3d(outChannels), Nn.ReLU()));

    /// <summary>2x2x2 transposed conv, stride 2, BN, ReLU.</summary>
    public static VNetBlock Up(long inChannels, long outChannels) =>
        new(new Sequential(Nn.ConvTranspose3d(inChannels, outChannels, 2, stride: 2), Nn.BatchNorm3d(outChannels), Nn.ReLU()));

    public override Tensor Forward(Tensor input) => conv.Forward(input);
}
