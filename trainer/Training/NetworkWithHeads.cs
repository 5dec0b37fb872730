// A segmentation network plus the extra heads a method trains with it (projection / contrastive heads).
// The loop trains, EMA-averages and checkpoints the whole wrapper; the backbone's entries keep the
// "backbone." prefix so the model package can load just the segmentation network from the same file.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training;

/// <summary>The plan's network with named auxiliary heads; forward runs the backbone only.</summary>
public sealed class NetworkWithHeads : SegmentationNetwork
{
    /// <summary>State-dict prefix of the backbone's entries.</summary>
    public const string BackbonePrefix = "backbone.";

    /// <summary>State-dict prefix of the heads' entries.</summary>
    public const string HeadsPrefix = "heads.";

    private readonly Dictionary<string, Module> _heads = new(StringComparer.Ordinal);
    private readonly HeadList _headList;

    public NetworkWithHeads(SegmentationNetwork backbone, IReadOnlyDictionary<string, Module> heads)
        : base((backbone ?? throw new ArgumentNullException(nameof(backbone))).SpatialDimensions, backbone.InChannels, backbone.Classes)
    {
        ArgumentNullException.ThrowIfNull(heads);
        Backbone = RegisterModule("backbone", backbone);
        _headList = RegisterModule("heads", new HeadList());
        foreach (var (name, head) in heads)
            _heads[name] = _headList.Add(name, head);
    }

    public SegmentationNetwork Backbone { get; }

    public override long SizeDivisor => Backbone.SizeDivisor;

    /// <summary>The head registered under <paramref name="name"/>.</summary>
    public T Head<T>(string name) where T : Module =>
        _heads.TryGetValue(name, out var head) && head is T typed
            ? typed
            : throw new InvalidOperationException($"The network has no head '{name}' of type {typeof(T).Name}.");

    public override NetworkOutput Forward(Tensor input) => Backbone.Forward(input);

    /// <summary>
    /// The backbone's entries of a state dict written from a wrapper (prefix removed), or the dict itself
    /// when it has no wrapper entries.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> BackboneState(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Keys.Any(k => k.StartsWith(BackbonePrefix, StringComparison.Ordinal)))
            return state;
        return state.Where(p => p.Key.StartsWith(BackbonePrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[BackbonePrefix.Length..], p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>A container whose children are the named heads.</summary>
    private sealed class HeadList : Module
    {
        public Module Add(string name, Module head) => RegisterModule(name, head);
    }
}
