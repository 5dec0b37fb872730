// PCCS student prototype branch: encoder features e1, e2, e3 resized (bilinear, align corners) to e2's size
// and concatenated, 1x1 conv -> ReLU -> 1x1 conv = pixel embedding; a 1x1 conv classifier gives C*K
// class x sub-prototype scores.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

public sealed class PccsStudentHead : Module
{
    private readonly Sequential projection;
    private readonly Conv classifier;

    public PccsStudentHead(long inChannels, long classes, long subPrototypes, long embedding = 256)
    {
        projection = RegisterModule("proj", new Sequential(
            Nn.Conv2d(inChannels, embedding, 1), Nn.ReLU(), Nn.Conv2d(embedding, embedding, 1)));
        classifier = RegisterModule("proto_classifier", Nn.Conv2d(embedding, classes * subPrototypes, 1));
    }

    /// <summary>(embedding [N, 256, H/4, W/4], scores [N, C*K, H/4, W/4]) from the UNet's encoder features.</summary>
    public (Tensor Embedding, Tensor Scores) Forward(IReadOnlyList<Tensor> encoderFeatures)
    {
        using var cat = PccsFeatures.Concatenate(encoderFeatures);
        var embedding = projection.Forward(cat);
        return (embedding, classifier.Forward(embedding));
    }
}
