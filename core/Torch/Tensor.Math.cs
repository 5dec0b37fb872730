namespace PacsSeg.Torch;

public sealed partial class Tensor
{
    public Tensor Add(Tensor other, double alpha = 1) => Aten.Call("aten::add", "Tensor", this, other, alpha);
    public Tensor Add(double other) => Aten.Call("aten::add", "Scalar", this, other);
    public Tensor Sub(Tensor other, double alpha = 1) => Aten.Call("aten::sub", "Tensor", this, other, alpha);
    public Tensor Sub(double other) => Aten.Call("aten::sub", "Scalar", this, other);
    public Tensor Mul(Tensor other) => Aten.Call("aten::mul", "Tensor", this, other);
    public Tensor Mul(double other) => Aten.Call("aten::mul", "Scalar", this, other);
    public Tensor Div(Tensor other) => Aten.Call("aten::div", "Tensor", this, other);
    public Tensor Div(double other) => Aten.Call("aten::div", "Scalar", this, other);
    public Tensor Pow(double exponent) => Aten.Call("aten::pow", "Tensor_Scalar", this, exponent);
    public Tensor Pow(Tensor exponent) => Aten.Call("aten::pow", "Tensor_Tensor", this, exponent);
    public Tensor Neg() => Aten.Call("aten::neg", "", this);
    public Tensor Abs() => Aten.Call("aten::abs", "", this);
    public Tensor Exp() => Aten.Call("aten::exp", "", this);
    public Tensor Log() => Aten.Call("aten::log", "", this);
    public Tensor Log1p() => Aten.Call("aten::log1p", "", this);
    public Tensor Sqrt() => Aten.Call("aten::sqrt", "", this);
    public Tensor Rsqrt() => Aten.Call("aten::rsqrt", "", this);
    public Tensor Square() => Aten.Call("aten::square", "", this);
    public Tensor Reciprocal() => Aten.Call("aten::reciprocal", "", this);
    public Tensor Sign() => Aten.Call("aten::sign", "", this);
    public Tensor Floor() => Aten.Call("aten::floor", "", this);
    public Tensor Ceil() => Aten.Call("aten::ceil", "", this);
    public Tensor Round() => Aten.Call("aten::round", "", this);
    public Tensor Sigmoid() => Aten.Call("aten::sigmoid", "", this);
    public Tensor Tanh() => Aten.Call("aten::tanh", "", this);
    public Tensor Relu() => Aten.Call("aten::relu", "", this);
    public Tensor Clamp(double? min = null, double? max = null) =>
        Aten.Call("aten::clamp", "", this, min is { } a ? a : OpArg.None, max is { } b ? b : OpArg.None);
    public Tensor ClampMin(double min) => Aten.Call("aten::clamp_min", "", this, min);
    public Tensor Maximum(Tensor other) => Aten.Call("aten::maximum", "", this, other);
    public Tensor Minimum(Tensor other) => Aten.Call("aten::minimum", "", this, other);
    public Tensor Lerp(Tensor end, double weight) => Aten.Call("aten::lerp", "Scalar", this, end, weight);

    // ---- reductions --------------------------------------------------------------------------
    public Tensor Sum() => Aten.Call("aten::sum", "", this);
    public Tensor Sum(long[] dims, bool keepDim = false) => Aten.Call("aten::sum", "dim_IntList", this, dims, keepDim);
    public Tensor Sum(long dim, bool keepDim = false) => Sum([dim], keepDim);
    public Tensor Mean() => Aten.Call("aten::mean", "", this);
    public Tensor Mean(long[] dims, bool keepDim = false) => Aten.Call("aten::mean", "dim", this, dims, keepDim);
    public Tensor Mean(long dim, bool keepDim = false) => Mean([dim], keepDim);
    public Tensor Max() => Aten.Call("aten::max", "", this);
    public Tensor Min() => Aten.Call("aten::min", "", this);
    /// <summary>Maximum along a dimension: (values, indices).</summary>
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false) => Pair(Aten.CallMany("aten::max", "dim", this, dim, keepDim));
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepDim = false) => Pair(Aten.CallMany("aten::min", "dim", this, dim, keepDim));
    public Tensor Amax(long[] dims, bool keepDim = false) => Aten.Call("aten::amax", "", this, dims, keepDim);
    public Tensor ArgMax(long dim, bool keepDim = false) => Aten.Call("aten::argmax", "", this, dim, keepDim);
    public Tensor ArgMin(long dim, bool keepDim = false) => Aten.Call("aten::argmin", "", this, dim, keepDim);
    public Tensor Std(bool unbiased = true) => Aten.Call("aten::std", "", this, unbiased);
    public Tensor Std(long[] dims, bool unbiased = true, bool keepDim = false) => Aten.Call("aten::std", "dim", this, dims, unbiased, keepDim);
    public Tensor Var(bool unbiased = true) => Aten.Call("aten::var", "", this, unbiased);
    public Tensor Var(long[] dims, bool unbiased = true, bool keepDim = false) => Aten.Call("aten::var", "dim", this, dims, unbiased, keepDim);
    public Tensor Norm(double p = 2) => Aten.Call("aten::linalg_vector_norm", "", this, p);
    public Tensor Norm(double p, long[] dims, bool keepDim = false) => Aten.Call("aten::linalg_vector_norm", "", this, p, dims, keepDim);
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Aten.Call("aten::logsumexp", "", this, dims, keepDim);
    public Tensor CumSum(long dim) => Aten.Call("aten::cumsum", "", this, dim);
    public Tensor All() => Aten.Call("aten::all", "", this);
    public Tensor Any() => Aten.Call("aten::any", "", this);

    /// <summary>The k largest (or smallest) along a dimension: (values, indices).</summary>
    public (Tensor Values, Tensor Indices) TopK(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        Pair(Aten.CallMany("aten::topk", "", this, k, dim, largest, sorted));

    public (Tensor Values, Tensor Indices) Sort(long dim = -1, bool descending = false) =>
        Pair(Aten.CallMany("aten::sort", "", this, dim, descending));

    /// <summary>The q-quantile (0..1) over all elements or along a dimension, linear interpolation.</summary>
    public Tensor Quantile(double q, long? dim = null, bool keepDim = false) =>
        Aten.Call("aten::quantile", "scalar", this, q, dim is { } d ? d : OpArg.None, keepDim, "linear");

    /// <summary>The p-th percentile (0..100), as numpy.percentile with linear interpolation.</summary>
    public Tensor Percentile(double p, long? dim = null, bool keepDim = false) => Quantile(p / 100.0, dim, keepDim);

    // ---- linear algebra ----------------------------------------------------------------------
    public Tensor MatMul(Tensor other) => Aten.Call("aten::matmul", "", this, other);
    public Tensor Mm(Tensor other) => Aten.Call("aten::mm", "", this, other);
    public Tensor Bmm(Tensor other) => Aten.Call("aten::bmm", "", this, other);

    // ---- comparisons and selection -----------------------------------------------------------
    public Tensor Eq(Tensor other) => Aten.Call("aten::eq", "Tensor", this, other);
    public Tensor Eq(double other) => Aten.Call("aten::eq", "Scalar", this, other);
    public Tensor Ne(Tensor other) => Aten.Call("aten::ne", "Tensor", this, other);
    public Tensor Ne(double other) => Aten.Call("aten::ne", "Scalar", this, other);
    public Tensor Gt(Tensor other) => Aten.Call("aten::gt", "Tensor", this, other);
    public Tensor Gt(double other) => Aten.Call("aten::gt", "Scalar", this, other);
    public Tensor Ge(Tensor other) => Aten.Call("aten::ge", "Tensor", this, other);
    public Tensor Ge(double other) => Aten.Call("aten::ge", "Scalar", this, other);
    public Tensor Lt(Tensor other) => Aten.Call("aten::lt", "Tensor", this, other);
    public Tensor Lt(double other) => Aten.Call("aten::lt", "Scalar", this, other);
    public Tensor Le(Tensor other) => Aten.Call("aten::le", "Tensor", this, other);
    public Tensor Le(double other) => Aten.Call("aten::le", "Scalar", this, other);
    public Tensor LogicalAnd(Tensor other) => Aten.Call("aten::logical_and", "", this, other);
    public Tensor LogicalOr(Tensor other) => Aten.Call("aten::logical_or", "", this, other);
    public Tensor LogicalNot() => Aten.Call("aten::logical_not", "", this);

    /// <summary>Elementwise choice: where <paramref name="condition"/>, this; else <paramref name="other"/>.</summary>
    public Tensor Where(Tensor condition, Tensor other) => Aten.Call("aten::where", "self", condition, this, other);
    public Tensor MaskedFill(Tensor mask, double value) => Aten.Call("aten::masked_fill", "Scalar", this, mask, value);
    /// <summary>The elements where <paramref name="mask"/> is true, as a 1-D tensor.</summary>
    public Tensor MaskedSelect(Tensor mask) => Aten.Call("aten::masked_select", "", this, mask);
    public Tensor Gather(long dim, Tensor index) => Aten.Call("aten::gather", "", this, dim, index);
    public Tensor Scatter(long dim, Tensor index, Tensor source) => Aten.Call("aten::scatter", "src", this, dim, index, source);
    public Tensor Scatter(long dim, Tensor index, double value) => Aten.Call("aten::scatter", "value", this, dim, index, value);
    public Tensor ScatterAdd(long dim, Tensor index, Tensor source) => Aten.Call("aten::scatter_add", "", this, dim, index, source);
    public Tensor OneHot(long numClasses) => Aten.Call("aten::one_hot", "", this, numClasses);
    /// <summary>Indices of the non-zero elements, one row per element.</summary>
    public Tensor NonZero() => Aten.Call("aten::nonzero", "", this);

    private static (Tensor, Tensor) Pair(Tensor[] r) => (r[0], r[1]);
}
