// PCCS teacher projection: 3x3 conv -> BN -> ReLU -> Dropout2d(0.1) -> per-pixel LayerNorm -> L2-normalize,
// and the prototype tensor P [C, K, 256] (re-normalized on every use); class scores are the best
// sub-prototype similarity per class, layer-normalized over the classes ("mask_norm").
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class PccsTeacherHead : Module
{
    private readonly Sequential projection;
    private readonly LayerNorm featureNorm;
    private readonly LayerNorm maskNorm;

    public PccsTeacherHead(long inChannels, long classes, long subPrototypes, long embedding = 256)
    {
        projection = RegisterModule("proj", new Sequential(
            Nn.Conv2d(inChannels, embedding, 3, padding: 1), Nn.BatchNorm2d(embedding), Nn.ReLU(), Nn.Dropout2d(0.1)));
        featureNorm = RegisterModule("feat_norm", Nn.LayerNorm(embedding));
        maskNorm = RegisterModule("mask_norm", Nn.LayerNorm(classes));
        Prototypes = RegisterParameter("prototypes", Tensor.Zeros([classes, subPrototypes, embedding]));
        using (Autograd.NoGrad())
        using (var r = Tensor.Randn([classes, subPrototypes, embedding]))
        using (var clipped = r.Mul(0.02).Clamp(-0.04, 0.04))
            Prototypes.CopyInPlace(clipped);
        Prototypes.RequiresGrad = false;
    }

    /// <summary>The momentum-updated prototypes P, [C, K, embedding].</summary>
    public Tensor Prototypes { get; }

    /// <summary>(unit embedding [N, 256, h, w], sub-prototype similarities [N, C, K, h, w], class scores [N, C, h, w]).</summary>
    public (Tensor Embedding, Tensor Similarities, Tensor Scores) Forward(IReadOnlyList<Tensor> encoderFeatures)
    {
        using var scope = DisposeScope.Enter();
        var cat = PccsFeatures.Concatenate(encoderFeatures);
        var p = projection.Forward(cat);
        var normed = featureNorm.Forward(p.Permute(0, 2, 3, 1));
        var embedding = Functional.Normalize(normed, 2, -1);
        var protos = Functional.Normalize(Prototypes, 2, -1);
        long c = protos.Size(0), k = protos.Size(1), d = protos.Size(2);
        // [N, h, w, d] x [d, C*K] -> [N, h, w, C, K]
        var sims = embedding.MatMul(protos.Reshape(c * k, d).Transpose(0, 1));
        long[] s = sims.Shape;
        var simsCk = sims.Reshape(s[0], s[1], s[2], c, k);
        var best = simsCk.Amax([4]);
        var scores = maskNorm.Forward(best).Permute(0, 3, 1, 2);
        return (embedding.Permute(0, 3, 1, 2).MoveToOuterScope(), simsCk.Permute(0, 3, 4, 1, 2).MoveToOuterScope(),
            scores.MoveToOuterScope());
    }
}
