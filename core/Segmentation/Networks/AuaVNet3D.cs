// AUA (SPEC 6) as one module: the stage-1 network and the stage-2 network, each a StochasticVNetSupCon (VNet
// trunk with a 16-channel output map O, the BCL projection head on O, the SSN Gaussian head on ReLU(O)), plus
// the stage-2 class statistics (mean and variance of O per class) for PCL, all in one state dict so that a
// checkpoint resumes either stage exactly and a package carries the final model. The "stage" buffer says
// which network predicts: stage 1's until stage 2 has started, then stage 2's (the paper's final model).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class AuaVNet3D : SegmentationNetwork
{
    /// <summary>Channels of the trunk's output map O (the reference builds its VNet with 16 "classes").</summary>
    public const long FeatureChannels = 16;

    public AuaVNet3D(long inChannels, long classes, bool hasDropout = true, long filters = 16, long rank = 8)
        : base(3, inChannels, classes)
    {
        Stage1 = RegisterModule("stage1", new Branch(inChannels, classes, hasDropout, filters, rank));
        Stage2 = RegisterModule("stage2", new Branch(inChannels, classes, hasDropout, filters, rank));
        Stage = RegisterBuffer("stage", Tensor.Zeros([1]));
        ClassMean = RegisterBuffer("class_mean", Tensor.Zeros([classes, FeatureChannels]));
        ClassVariance = RegisterBuffer("class_variance", Tensor.Zeros([classes, FeatureChannels]));
        ClassCount = RegisterBuffer("class_count", Tensor.Zeros([classes]));
    }

    public Branch Stage1 { get; }

    public Branch Stage2 { get; }

    /// <summary>[1]: 0 during stage 1, 1 once stage 2 has started.</summary>
    public Tensor Stage { get; }

    /// <summary>Running per-class mean of O, [C, 16] (SPEC 6.3).</summary>
    public Tensor ClassMean { get; }

    /// <summary>Running per-class per-dimension variance of O, [C, 16].</summary>
    public Tensor ClassVariance { get; }

    /// <summary>Voxels seen per class, [C].</summary>
    public Tensor ClassCount { get; }

    public bool InStageTwo => Stage.Item() > 0.5;

    /// <summary>The deterministic prediction μ of the current stage's network; features are its O map.</summary>
    public override NetworkOutput Forward(Tensor input)
    {
        var (output, embedding, gaussian) = (InStageTwo ? Stage2 : Stage1).ForwardAll(input, embed: false);
        embedding?.Dispose();
        gaussian.CovarianceDiagonal.Dispose();
        gaussian.CovarianceFactor.Dispose();
        return output;
    }

    /// <summary>One StochasticVNetSupCon.</summary>
    public sealed class Branch : Module<Tensor, NetworkOutput>
    {
        private readonly VNet3D trunk;
        private readonly ProjectionHead projection;
        private readonly GaussianLogitHead gaussian;

        internal Branch(long inChannels, long classes, bool hasDropout, long filters, long rank)
        {
            trunk = RegisterModule("vnet", new VNet3D(inChannels, FeatureChannels, filters, hasDropout));
            projection = RegisterModule("projection", ProjectionHead.Aua(FeatureChannels, FeatureChannels));
            gaussian = RegisterModule("ssn", new GaussianLogitHead(FeatureChannels, classes, rank));
        }

        /// <summary>
        /// Output (logits = μ, features = O, the trunk's encoder maps), the L2-normalised BCL embedding (when
        /// <paramref name="embed"/>) and the Gaussian over the logits.
        /// </summary>
        public (NetworkOutput Output, Tensor? Embedding, GaussianLogits Gaussian) ForwardAll(Tensor input, bool embed = true)
        {
            var trunkOut = trunk.Forward(input);
            // O (the trunk's "logits") and its encoder maps move into the returned output; the trunk's own
            // last decoder map is not used.
            trunkOut.Features.Dispose();
            var o = trunkOut.Logits;
            var g = gaussian.Forward(o, null);
            var e = embed ? projection.Forward(o) : null;
            return (new NetworkOutput(g.Mean, o, trunkOut.EncoderFeatures), e, g);
        }

        public override NetworkOutput Forward(Tensor input)
        {
            var (output, embedding, g) = ForwardAll(input, embed: false);
            embedding?.Dispose();
            g.CovarianceDiagonal.Dispose();
            g.CovarianceFactor.Dispose();
            return output;
        }
    }
}
