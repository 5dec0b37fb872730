// DualNet's second network: a 3-D ResNet-34 encoder (basic blocks [3, 4, 6, 3], 7x7x7 stem at stride 1 with
// 16 channels, stages of 32/64/128/256 channels each at stride 2) whose five outputs have VNet's encoder
// sizes, followed by the VNet decoder with additive skips.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class ResNet34VNet : SegmentationNetwork
{
    private static readonly int[] BlocksPerStage = [3, 4, 6, 3];

    private readonly Conv stem;
    private readonly BatchNorm stemNorm;
    private readonly Sequential[] stages = new Sequential[4];
    private readonly VNetDecoder decoder;
    private readonly Dropout? dropout;

    public ResNet34VNet(long inChannels, long classes, long filters = 16, bool hasDropout = true)
        : base(3, inChannels, classes)
    {
        stem = RegisterModule("conv1", Nn.Conv3d(inChannels, filters, 7, padding: 3, bias: false));
        stemNorm = RegisterModule("bn1", Nn.BatchNorm3d(filters));
        long width = filters;
        for (int s = 0; s < 4; s++)
        {
            var stage = new Sequential();
            for (int b = 0; b < BlocksPerStage[s]; b++)
                stage.Append(new ResNetBasicBlock3D(b == 0 ? width : width * 2, width * 2, b == 0 ? 2 : 1));
            stages[s] = RegisterModule($"layer{s + 1}", stage);
            width *= 2;
        }
        if (hasDropout)
            dropout = new Dropout(0.5, channelwise: true);
        decoder = new VNetDecoder((n, m) => RegisterModule(n, m), filters, classes, dropout);
    }

    public override NetworkOutput Forward(Tensor input)
    {
        dropout?.Train(IsTraining);
        var e = new Tensor[5];
        using (var a = stem.Forward(input))
        using (var b = stemNorm.Forward(a))
            e[0] = b.Relu();
        for (int s = 0; s < 4; s++)
            e[s + 1] = stages[s].Forward(e[s]);
        var (logits, features) = decoder.Forward(e);
        return new NetworkOutput(logits, features, e);
    }
}
