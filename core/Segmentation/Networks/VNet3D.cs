// The 3-D VNet of UA-MT (also AUA, MCF, DualNet, BCP-LA): batch norm, additive skips, Dropout3d(0.5)
// on the bottleneck and the last decoder feature when dropout is on. Parameter names as UA-MT.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class VNet3D : SegmentationNetwork
{
    private readonly VNetBlock one, oneDw, two, twoDw, three, threeDw, four, fourDw, five;
    private readonly Dropout? dropout;
    private readonly VNetDecoder decoder;

    public VNet3D(long inChannels, long classes, long filters = 16, bool hasDropout = true)
        : base(3, inChannels, classes)
    {
        Filters = filters;
        HasDropout = hasDropout;
        one = RegisterModule("block_one", VNetBlock.Convolutions(1, inChannels, filters));
        oneDw = RegisterModule("block_one_dw", VNetBlock.Down(filters, filters * 2));
        two = RegisterModule("block_two", VNetBlock.Convolutions(2, filters * 2, filters * 2));
        twoDw = RegisterModule("block_two_dw", VNetBlock.Down(filters * 2, filters * 4));
        three = RegisterModule("block_three", VNetBlock.Convolutions(3, filters * 4, filters * 4));
        threeDw = RegisterModule("block_three_dw", VNetBlock.Down(filters * 4, filters * 8));
        four = RegisterModule("block_four", VNetBlock.Convolutions(3, filters * 8, filters * 8));
        fourDw = RegisterModule("block_four_dw", VNetBlock.Down(filters * 8, filters * 16));
        five = RegisterModule("block_five", VNetBlock.Convolutions(3, filters * 16, filters * 16));
        if (hasDropout)
            dropout = new Dropout(0.5, channelwise: true);
        decoder = new VNetDecoder((n, m) => RegisterModule(n, m), filters, classes, dropout);
    }

    public long Filters { get; }

    public bool HasDropout { get; }

    public override NetworkOutput Forward(Tensor input)
    {
        var x1 = one.Forward(input);
        var x2 = Down(oneDw, two, x1);
        var x3 = Down(twoDw, three, x2);
        var x4 = Down(threeDw, four, x3);
        var x5 = Down(fourDw, five, x4);
        if (dropout is not null)
        {
            dropout.Train(IsTraining);
            var d = dropout.Forward(x5);
            x5.Dispose();
            x5 = d;
        }
        Tensor[] e = [x1, x2, x3, x4, x5];
        var (logits, features) = decoder.Forward(e);
        return new NetworkOutput(logits, features, e);
    }

    private static Tensor Down(VNetBlock down, VNetBlock block, Tensor x)
    {
        using var d = down.Forward(x);
        return block.Forward(d);
    }
}
