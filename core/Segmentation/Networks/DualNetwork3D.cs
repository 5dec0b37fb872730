// The two networks of the dual-network method (SPEC 7): net A a VNet, net B a ResNet-34-3D encoder with the
// VNet decoder, held as one module so one package, one checkpoint and one optimiser carry both (their
// parameters are disjoint, so one SGD over both equals the reference code's two SGDs with equal settings).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class DualNetwork3D : SegmentationNetwork
{
    /// <param name="filters">Width of the first level of both networks (16 in the reference code).</param>
    public DualNetwork3D(long inChannels, long classes, bool hasDropout = true, long filters = 16)
        : base(3, inChannels, classes)
    {
        A = RegisterModule("net_a", new VNet3D(inChannels, classes, filters, hasDropout));
        B = RegisterModule("net_b", new ResNet34VNet(inChannels, classes, filters, hasDropout));
    }

    /// <summary>Net A, the VNet.</summary>
    public VNet3D A { get; }

    /// <summary>Net B, ResNet-34-3D encoder + VNet decoder.</summary>
    public ResNet34VNet B { get; }

    /// <summary>
    /// Inference (SPEC 7.4): the average of both networks' softmax, returned as its logarithm so that softmax
    /// of the logits gives the average back and argmax is unchanged. Features are net A's.
    /// </summary>
    public override NetworkOutput Forward(Tensor input)
    {
        var a = A.Forward(input);
        using var b = B.Forward(input);
        Tensor mean;
        using (var scope = DisposeScope.Enter())
        {
            var p = Functional.Softmax(a.Logits, 1).Add(Functional.Softmax(b.Logits, 1)).Mul(0.5);
            mean = p.ClampMin(1e-12).Log().MoveToOuterScope();
        }
        a.Logits.Dispose();
        return new NetworkOutput(mean, a.Features, a.EncoderFeatures);
    }
}
