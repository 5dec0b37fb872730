using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>A 3-D ResNet basic block: two 3x3x3 conv + BN, identity or 1x1x1-conv shortcut, ReLU after the sum.</summary>
public sealed class ResNetBasicBlock3D : Module<Tensor, Tensor>
{
    private readonly Conv conv1, conv2;
    private readonly BatchNorm bn1, bn2;
    private readonly Sequential? downsample;

    public ResNetBasicBlock3D(long inChannels, long outChannels, long stride)
    {
        conv1 = RegisterModule("conv1", Nn.Conv3d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false));
        bn1 = RegisterModule("bn1", Nn.BatchNorm3d(outChannels));
        conv2 = RegisterModule("conv2", Nn.Conv3d(outChannels, outChannels, 3, padding: 1, bias: false));
        bn2 = RegisterModule("bn2", Nn.BatchNorm3d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            downsample = RegisterModule("downsample", new Sequential(
                Nn.Conv3d(inChannels, outChannels, 1, stride: stride, bias: false), Nn.BatchNorm3d(outChannels)));
    }

    public override Tensor Forward(Tensor input)
    {
        using var a = conv1.Forward(input);
        using var b = bn1.Forward(a);
        using var c = b.Relu();
        using var d = conv2.Forward(c);
        using var e = bn2.Forward(d);
        using var shortcut = downsample is null ? input.Alias() : downsample.Forward(input);
        using var sum = e.Add(shortcut);
        return sum.Relu();
    }
}
