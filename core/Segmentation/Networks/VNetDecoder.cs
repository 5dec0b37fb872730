using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>The VNet decoder (UA-MT): transposed-conv up-sampling with additive skips, stages [3, 3, 2, 1],
/// channel dropout on the last feature map, 1x1x1 output conv. Shared by VNet3D and ResNet34VNet.</summary>
internal sealed class VNetDecoder
{
    private readonly VNetBlock fiveUp, six, sixUp, seven, sevenUp, eight, eightUp, nine;
    private readonly Conv outConv;
    private readonly Dropout? dropout;

    /// <summary>Registers the decoder's modules through <paramref name="register"/> under UA-MT's names.</summary>
    internal VNetDecoder(Func<string, Module, Module> register, long filters, long classes, Dropout? dropout)
    {
        fiveUp = (VNetBlock)register("block_five_up", VNetBlock.Up(filters * 16, filters * 8));
        six = (VNetBlock)register("block_six", VNetBlock.Convolutions(3, filters * 8, filters * 8));
        sixUp = (VNetBlock)register("block_six_up", VNetBlock.Up(filters * 8, filters * 4));
        seven = (VNetBlock)register("block_seven", VNetBlock.Convolutions(3, filters * 4, filters * 4));
        sevenUp = (VNetBlock)register("block_seven_up", VNetBlock.Up(filters * 4, filters * 2));
        eight = (VNetBlock)register("block_eight", VNetBlock.Convolutions(2, filters * 2, filters * 2));
        eightUp = (VNetBlock)register("block_eight_up", VNetBlock.Up(filters * 2, filters));
        nine = (VNetBlock)register("block_nine", VNetBlock.Convolutions(1, filters, filters));
        outConv = (Conv)register("out_conv", Nn.Conv3d(filters, classes, 1));
        this.dropout = dropout;
    }

    /// <summary>Decodes [x1..x5] into (logits, last feature map).</summary>
    public (Tensor Logits, Tensor Features) Forward(IReadOnlyList<Tensor> e)
    {
        Tensor x = UpAdd(fiveUp, e[4], e[3]);
        x = Step(six, x);
        x = UpAdd(sixUp, x, e[2], dispose: true);
        x = Step(seven, x);
        x = UpAdd(sevenUp, x, e[1], dispose: true);
        x = Step(eight, x);
        x = UpAdd(eightUp, x, e[0], dispose: true);
        x = Step(nine, x);
        if (dropout is not null)
            x = Step(dropout, x);
        return (outConv.Forward(x), x);
    }

    private static Tensor Step(Module<Tensor, Tensor> m, Tensor x)
    {
        var y = m.Forward(x);
        x.Dispose();
        return y;
    }

    private static Tensor UpAdd(VNetBlock up, Tensor deep, Tensor skip, bool dispose = false)
    {
        using var u = up.Forward(deep);
        if (dispose)
            deep.Dispose();
        return u.Add(skip);
    }
}
