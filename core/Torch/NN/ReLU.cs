// Rectified linear unit: module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class ReLU : Module<Tensor, Tensor>
{
    /// <param name="inPlace">Overwrite the input instead of allocating (PyTorch's inplace=True); use only where
    /// the input is an intermediate nobody else reads, e.g. right after a batch norm.</param>
    public ReLU(bool inPlace = false) => InPlace = inPlace;

    public bool InPlace { get; }

    public override Tensor Forward(Tensor input) => InPlace ? input.ReluInPlace().Alias() : Functional.Relu(input);
}

public static partial class Nn
{
    public static ReLU ReLU(bool inPlace = false) => new(inPlace);
}

public static partial class Functional
{
    public static Tensor Relu(Tensor input) => Aten.Call("aten::relu", "", input);
}
