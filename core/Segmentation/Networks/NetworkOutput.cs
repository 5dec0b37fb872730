using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Networks;

/// <summary>What a segmentation network's forward pass returns: the logits, the last decoder feature map
/// (full resolution, what prototype and contrastive methods use) and the encoder features, shallow to deep.
/// Disposing it frees all of them.</summary>
public sealed class NetworkOutput : IDisposable
{
    public NetworkOutput(Tensor logits, Tensor features, IReadOnlyList<Tensor> encoderFeatures)
    {
        Logits = logits;
        Features = features;
        EncoderFeatures = encoderFeatures;
    }

    /// <summary>Class scores before softmax, [N, C, spatial...].</summary>
    public Tensor Logits { get; }

    /// <summary>The last decoder feature map, [N, F, spatial...].</summary>
    public Tensor Features { get; }

    /// <summary>Encoder outputs, shallowest first (the deepest is the bottleneck).</summary>
    public IReadOnlyList<Tensor> EncoderFeatures { get; }

    public void Dispose()
    {
        Logits.Dispose();
        Features.Dispose();
        foreach (var t in EncoderFeatures)
            t.Dispose();
    }
}
