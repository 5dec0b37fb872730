// The 2-D UNet of SSL4MIS (used by MT, UA-MT 2-D, BCP, SPC) and PCCS's wider first level.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class UNet2D : SegmentationNetwork
{
    /// <summary>SSL4MIS widths.</summary>
    public static readonly long[] DefaultWidths = [16, 32, 64, 128, 256];

    /// <summary>PCCS widths (first level 32).</summary>
    public static readonly long[] PccsWidths = [32, 32, 64, 128, 256];

    /// <summary>SSL4MIS per-level dropout.</summary>
    public static readonly double[] DefaultDropout = [0.05, 0.1, 0.2, 0.3, 0.5];

    private readonly Encoder encoder;
    private readonly Decoder decoder;

    public UNet2D(long inChannels, long classes, long[]? widths = null, double[]? dropout = null)
        : base(2, inChannels, classes)
    {
        Widths = widths ?? DefaultWidths;
        Dropout = dropout ?? DefaultDropout;
        if (Widths.Length != 5 || Dropout.Length != 5)
            throw new ArgumentException("UNet2D needs 5 widths and 5 dropout rates");
        encoder = RegisterModule("encoder", new Encoder(inChannels, Widths, Dropout));
        decoder = RegisterModule("decoder", new Decoder(Widths, classes));
    }

    /// <summary>The PCCS student/teacher trunk: widths 32, 32, 64, 128, 256.</summary>
    public static UNet2D Pccs(long inChannels, long classes) => new(inChannels, classes, PccsWidths);

    public long[] Widths { get; }

    public double[] Dropout { get; }

    public override NetworkOutput Forward(Tensor input)
    {
        var e = encoder.Forward(input);
        var (logits, features) = decoder.Forward(e);
        return new NetworkOutput(logits, features, e);
    }

    private sealed class Encoder : Module
    {
        private readonly UNetConvBlock inConv;
        private readonly DownBlock[] downs = new DownBlock[4];

        public Encoder(long inChannels, long[] w, double[] p)
        {
            inConv = RegisterModule("in_conv", new UNetConvBlock(inChannels, w[0], p[0]));
            for (int i = 0; i < 4; i++)
                downs[i] = RegisterModule($"down{i + 1}", new DownBlock(w[i], w[i + 1], p[i + 1]));
        }

        public Tensor[] Forward(Tensor x)
        {
            var r = new Tensor[5];
            r[0] = inConv.Forward(x);
            for (int i = 0; i < 4; i++)
                r[i + 1] = downs[i].Forward(r[i]);
            return r;
        }
    }

    /// <summary>2x2 max-pool then a conv block, under SSL4MIS's name "maxpool_conv".</summary>
    private sealed class DownBlock : Module<Tensor, Tensor>
    {
        private readonly Sequential block;

        public DownBlock(long inChannels, long outChannels, double dropout) =>
            block = RegisterModule("maxpool_conv", new Sequential(Nn.MaxPool2d(2), new UNetConvBlock(inChannels, outChannels, dropout)));

        public override Tensor Forward(Tensor input) => block.Forward(input);
    }

    private sealed class Decoder : Module
    {
        private readonly UNetUpBlock[] ups = new UNetUpBlock[4];
        private readonly Conv outConv;

        public Decoder(long[] w, long classes)
        {
            for (int i = 0; i < 4; i++)
                ups[i] = RegisterModule($"up{i + 1}", new UNetUpBlock(w[4 - i], w[3 - i], w[3 - i], 0.0));
            outConv = RegisterModule("out_conv", Nn.Conv2d(w[0], classes, 3, padding: 1));
        }

        public (Tensor Logits, Tensor Features) Forward(Tensor[] e)
        {
            Tensor x = ups[0].Forward(e[4], e[3]);
            for (int i = 1; i < 4; i++)
            {
                var next = ups[i].Forward(x, e[3 - i]);
                x.Dispose();
                x = next;
            }
            return (outConv.Forward(x), x);
        }
    }
}
