namespace PacsSeg.Torch;

public sealed partial class Tensor
{
    public Tensor Reshape(params long[] shape) => Aten.Call("aten::reshape", "", this, shape);
    public Tensor View(params long[] shape) => Aten.Call("aten::view", "", this, shape);
    public Tensor Permute(params long[] dims) => Aten.Call("aten::permute", "", this, dims);
    public Tensor Transpose(long dim0, long dim1) => Aten.Call("aten::transpose", "int", this, dim0, dim1);
    public Tensor Unsqueeze(long dim) => Aten.Call("aten::unsqueeze", "", this, dim);
    public Tensor Squeeze() => Aten.Call("aten::squeeze", "", this);
    public Tensor Squeeze(long dim) => Aten.Call("aten::squeeze", "dim", this, dim);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Aten.Call("aten::flatten", "using_ints", this, startDim, endDim);
    public Tensor Expand(params long[] shape) => Aten.Call("aten::expand", "", this, shape);
    public Tensor ExpandAs(Tensor other) => Aten.Call("aten::expand_as", "", this, other);
    public Tensor Contiguous() => Aten.Call("aten::contiguous", "", this);
    public Tensor Repeat(params long[] repeats) => Aten.Call("aten::repeat", "", this, repeats);
    public Tensor Flip(params long[] dims) => Aten.Call("aten::flip", "", this, dims);
    public Tensor Roll(long[] shifts, long[] dims) => Aten.Call("aten::roll", "", this, shifts, dims);

    /// <summary>Elements start..end-1 (step) along a dimension, as a view; negative indices count from the end.</summary>
    public Tensor Slice(long dim, long? start, long? end, long step = 1) =>
        Aten.Call("aten::slice", "Tensor", this, dim, start is { } s ? s : OpArg.None, end is { } e ? e : OpArg.None, step);

    public Tensor Narrow(long dim, long start, long length) => Aten.Call("aten::narrow", "", this, dim, start, length);

    /// <summary>One index along a dimension (the dimension disappears), as a view.</summary>
    public Tensor Select(long dim, long index) => Aten.Call("aten::select", "int", this, dim, index);

    public Tensor IndexSelect(long dim, Tensor index) => Aten.Call("aten::index_select", "", this, dim, index);

    /// <summary>Advanced indexing, as <c>x[i0, i1, ...]</c> with index or boolean-mask tensors (null = all).</summary>
    public Tensor Index(params Tensor?[] indices) => Aten.Call("aten::index", "Tensor", this, OpArg.OptionalTensors(indices));

    /// <summary>A copy with <c>x[indices] = values</c> (or <c>+=</c> when <paramref name="accumulate"/>).</summary>
    public Tensor IndexPut(Tensor?[] indices, Tensor values, bool accumulate = false) =>
        Aten.Call("aten::index_put", "", this, OpArg.OptionalTensors(indices), values, accumulate);

    public static Tensor Cat(Tensor[] tensors, long dim = 0) => Aten.Call("aten::cat", "", tensors, dim);
    public static Tensor Stack(Tensor[] tensors, long dim = 0) => Aten.Call("aten::stack", "", tensors, dim);
    public Tensor[] Split(long splitSize, long dim = 0) => Aten.CallMany("aten::split", "Tensor", this, splitSize, dim);
    public Tensor[] Split(long[] sizes, long dim = 0) => Aten.CallMany("aten::split_with_sizes", "", this, sizes, dim);
    public Tensor[] Chunk(long chunks, long dim = 0) => Aten.CallMany("aten::chunk", "", this, chunks, dim);
    public Tensor[] Unbind(long dim = 0) => Aten.CallMany("aten::unbind", "int", this, dim);

    // ---- type, device, copies ----------------------------------------------------------------
    public Tensor To(ScalarType dtype) => Aten.Call("aten::to", "dtype", this, dtype);
    public Tensor To(Device device) => Aten.Call("aten::to", "device", this, device, Dtype);
    public Tensor To(Device device, ScalarType dtype) => Aten.Call("aten::to", "device", this, device, dtype);
    public Tensor Float() => To(ScalarType.Float32);
    public Tensor Long() => To(ScalarType.Int64);
    public Tensor Clone() => Aten.Call("aten::clone", "", this);
}
