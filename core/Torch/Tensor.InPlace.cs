namespace PacsSeg.Torch;

// In-place operators return this tensor, so calls chain: m.MulInPlace(b1).AddInPlace(g, 1 - b1).
public sealed partial class Tensor
{
    public Tensor AddInPlace(Tensor other, double alpha = 1) => InPlace("aten::add_", "Tensor", other, alpha);
    public Tensor AddInPlace(double other) => InPlace("aten::add_", "Scalar", other);
    public Tensor AddInPlace(long other) => InPlace("aten::add_", "Scalar", other);
    public Tensor SubInPlace(Tensor other, double alpha = 1) => InPlace("aten::sub_", "Tensor", other, alpha);
    public Tensor MulInPlace(Tensor other) => InPlace("aten::mul_", "Tensor", other);
    public Tensor MulInPlace(double other) => InPlace("aten::mul_", "Scalar", other);
    public Tensor DivInPlace(Tensor other) => InPlace("aten::div_", "Tensor", other);
    public Tensor DivInPlace(double other) => InPlace("aten::div_", "Scalar", other);
    public Tensor AddcmulInPlace(Tensor a, Tensor b, double value = 1) => InPlace("aten::addcmul_", "", a, b, value);
    public Tensor AddcdivInPlace(Tensor a, Tensor b, double value = 1) => InPlace("aten::addcdiv_", "", a, b, value);
    public Tensor LerpInPlace(Tensor end, double weight) => InPlace("aten::lerp_", "Scalar", end, weight);
    public Tensor ClampInPlace(double? min = null, double? max = null) =>
        InPlace("aten::clamp_", "", min is { } a ? a : OpArg.None, max is { } b ? b : OpArg.None);
    public Tensor ZeroInPlace() => InPlace("aten::zero_", "");
    public Tensor FillInPlace(double value) => InPlace("aten::fill_", "Scalar", value);
    public Tensor CopyInPlace(Tensor source) => InPlace("aten::copy_", "", source);
    public Tensor UniformInPlace(double from = 0, double to = 1) => InPlace("aten::uniform_", "", from, to);
    public Tensor NormalInPlace(double mean = 0, double std = 1) => InPlace("aten::normal_", "", mean, std);
    public Tensor ReluInPlace() => InPlace("aten::relu_", "");

    private Tensor InPlace(string name, string overload, params ReadOnlySpan<OpArg> rest)
    {
        var all = new OpArg[rest.Length + 1];
        all[0] = this;
        rest.CopyTo(all.AsSpan(1));
        Aten.CallInPlace(name, overload, all);
        return this;
    }
}
