// Dropout: elementwise, or whole channels (Dropout2d/3d): module, factories, functional forms.
namespace PacsSeg.Torch.NN;

public sealed class Dropout : Module<Tensor, Tensor>
{
    public Dropout(double p = 0.5, bool channelwise = false)
    {
        if (p is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(p), "dropout probability must be in [0, 1]");
        P = p;
        Channelwise = channelwise;
    }

    public double P { get; }

    /// <summary>Zeroes whole channels (Dropout2d/Dropout3d) instead of single elements.</summary>
    public bool Channelwise { get; }

    public override Tensor Forward(Tensor input) =>
        Channelwise ? Functional.FeatureDropout(input, P, IsTraining) : Functional.Dropout(input, P, IsTraining);
}

public static partial class Nn
{
    public static Dropout Dropout(double p = 0.5) => new(p);

    public static Dropout Dropout2d(double p = 0.5) => new(p, channelwise: true);

    public static Dropout Dropout3d(double p = 0.5) => new(p, channelwise: true);
}

public static partial class Functional
{
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true) =>
        Aten.Call("aten::dropout", "", input, p, training);

    /// <summary>Channel dropout (F.dropout2d / F.dropout3d).</summary>
    public static Tensor FeatureDropout(Tensor input, double p = 0.5, bool training = true) =>
        Aten.Call("aten::feature_dropout", "", input, p, training);
}
