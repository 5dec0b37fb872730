// Modules applied in order; children are named "0", "1", ... as in PyTorch.
namespace PacsSeg.Torch.NN;

public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> layers = new();

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var m in modules)
            Append(m);
    }

    public int Count => layers.Count;

    public Module<Tensor, Tensor> this[int index] => layers[index];

    public Sequential Append(Module<Tensor, Tensor> module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        // Intermediates are freed as soon as the next layer has consumed them; autograd keeps what it needs.
        Tensor x = input;
        foreach (var layer in layers)
        {
            Tensor y = layer.Forward(x);
            if (!ReferenceEquals(x, input))
                x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? input.Alias() : x;
    }
}

public static partial class Nn
{
    public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);
}
