// A plain 3-D UNet: per level two (3x3x3 conv, BN, ReLU), 2x2x2 max-pool down, 2x2x2 transposed conv up,
// concatenated skips, 1x1x1 output conv.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class UNet3D : SegmentationNetwork
{
    public static readonly long[] DefaultWidths = [16, 32, 64, 128, 256];

    private readonly Sequential[] down;
    private readonly ConvTranspose[] up;
    private readonly Sequential[] upConv;
    private readonly Conv outConv;

    public UNet3D(long inChannels, long classes, long[]? widths = null)
        : base(3, inChannels, classes)
    {
        var w = widths ?? DefaultWidths;
        if (w.Length < 2)
            throw new ArgumentException("UNet3D needs at least two levels", nameof(widths));
        int levels = w.Length;
        down = new Sequential[levels];
        up = new ConvTranspose[levels - 1];
        upConv = new Sequential[levels - 1];
        for (int i = 0; i < levels; i++)
            down[i] = RegisterModule($"enc{i}", DoubleConv(i == 0 ? inChannels : w[i - 1], w[i]));
        for (int i = levels - 2; i >= 0; i--)
        {
            up[i] = RegisterModule($"up{i}", Nn.ConvTranspose3d(w[i + 1], w[i], 2, stride: 2));
            upConv[i] = RegisterModule($"dec{i}", DoubleConv(w[i] * 2, w[i]));
        }
        outConv = RegisterModule("out_conv", Nn.Conv3d(w[0], classes, 1));
        Widths = w;
    }

    public long[] Widths { get; }

    public override long SizeDivisor => 1L << (Widths.Length - 1);

    private static Sequential DoubleConv(long inChannels, long outChannels) => new(
        Nn.Conv3d(inChannels, outChannels, 3, padding: 1), Nn.BatchNorm3d(outChannels), Nn.ReLU(),
        Nn.Conv3d(outChannels, outChannels, 3, padding: 1), Nn.BatchNorm3d(outChannels), Nn.ReLU());

    public override NetworkOutput Forward(Tensor input)
    {
        int levels = down.Length;
        var e = new Tensor[levels];
        e[0] = down[0].Forward(input);
        for (int i = 1; i < levels; i++)
        {
            using var pooled = Functional.MaxPool3d(e[i - 1], 2);
            e[i] = down[i].Forward(pooled);
        }
        Tensor x = e[levels - 1].Alias();
        for (int i = levels - 2; i >= 0; i--)
        {
            using var u = up[i].Forward(x);
            using var cat = Tensor.Cat([e[i], u], 1);
            x.Dispose();
            x = upConv[i].Forward(cat);
        }
        return new NetworkOutput(outConv.Forward(x), x, e);
    }
}
