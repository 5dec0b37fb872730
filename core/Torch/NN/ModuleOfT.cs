namespace PacsSeg.Torch.NN;

/// <summary>A module with a typed forward pass.</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut Forward(TIn input);

    public TOut Call(TIn input) => Forward(input);
}
