namespace PacsSeg.Torch;

public sealed partial class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="data"/> (one copy, straight into its storage); use
    /// <see cref="WrapArray{T}"/> to share the array's memory instead.</summary>
    public static Tensor FromArray<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan<T>(data, shape.Length == 0 ? [data.Length] : shape);
    }

    /// <summary>A tensor of <paramref name="shape"/> holding a copy of <paramref name="data"/>.</summary>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        var type = ScalarTypeOf<T>();
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            Native.NativeMethods.Check(Native.NativeMethods.TensorFromData(p, (long)data.Length * sizeof(T), s,
                shape.Length, (int)type, out IntPtr h), "tensor.from_data");
            return new Tensor(new Native.TensorHandle(h));
        }
    }

    /// <summary>A CPU tensor over <paramref name="data"/> itself, without a copy: writes through the tensor change
    /// the array and the other way round. The array stays pinned and alive until the last tensor sharing its
    /// storage (views included) is freed, so dispose the tensors promptly: a pinned array cannot be compacted.</summary>
    public static Tensor WrapArray<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return WrapMemory<T>(data, shape.Length == 0 ? [data.Length] : shape);
    }

    /// <summary>A CPU tensor over <paramref name="memory"/> without a copy (see <see cref="WrapArray{T}"/>); the
    /// memory is pinned until the last tensor sharing it is freed.</summary>
    public static unsafe Tensor WrapMemory<T>(Memory<T> memory, long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        var type = ScalarTypeOf<T>();
        var (data, context) = Native.PinnedBuffer.Pin(memory);
        fixed (long* s = shape)
        {
            // The bridge owns the context from here: on failure it has already released the pin.
            Native.NativeMethods.Check(Native.NativeMethods.TensorFromBlob((void*)data, (long)memory.Length * sizeof(T), s,
                shape.Length, (int)type, Native.PinnedBuffer.Deleter, context, out IntPtr h), "tensor.from_blob");
            return new Tensor(new Native.TensorHandle(h));
        }
    }

    /// <summary>A zero-dimensional tensor.</summary>
    public static Tensor Scalar(double value, ScalarType dtype = ScalarType.Float32) =>
        Full([], value, dtype);

    private static OpArg Dev(Device? d) => d is { } v ? v : OpArg.None;

    private static Tensor WithGrad(Tensor t, bool requiresGrad)
    {
        if (requiresGrad)
            t.RequiresGrad = true;
        return t;
    }

    public static Tensor Zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        WithGrad(Aten.Call("aten::zeros", "", shape, dtype, OpArg.None, Dev(device)), requiresGrad);

    public static Tensor Ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requiresGrad = false) =>
        WithGrad(Aten.Call("aten::ones", "", shape, dtype, OpArg.None, Dev(device)), requiresGrad);

    public static Tensor Empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::empty", "memory_format", shape, dtype, OpArg.None, Dev(device));

    public static Tensor Full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::full", "", shape, value, dtype, OpArg.None, Dev(device));

    /// <summary>Uniform on [0, 1), from libtorch's default generator (seeded by <see cref="TorchRuntime.ManualSeed"/>).</summary>
    public static Tensor Rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::rand", "", shape, dtype, OpArg.None, Dev(device));

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::randn", "", shape, dtype, OpArg.None, Dev(device));

    /// <summary>Integers uniform on [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        Aten.Call("aten::randint", "low", low, high, shape, dtype, OpArg.None, Dev(device));

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor RandPerm(long n, Device? device = null) =>
        Aten.Call("aten::randperm", "", n, ScalarType.Int64, OpArg.None, Dev(device));

    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::arange", "start_step", start, end, step, dtype, OpArg.None, Dev(device));

    public static Tensor Linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::linspace", "", start, end, steps, dtype, OpArg.None, Dev(device));

    public static Tensor Eye(long n, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Aten.Call("aten::eye", "", n, dtype, OpArg.None, Dev(device));

    public Tensor ZerosLike() => Aten.Call("aten::zeros_like", "", this);

    public Tensor OnesLike() => Aten.Call("aten::ones_like", "", this);

    public Tensor FullLike(double value) => Aten.Call("aten::full_like", "", this, value);

    public Tensor RandLike() => Aten.Call("aten::rand_like", "", this);

    public Tensor RandnLike() => Aten.Call("aten::randn_like", "", this);

    /// <summary>Samples 0/1 with the probabilities in this tensor.</summary>
    public Tensor Bernoulli() => Aten.Call("aten::bernoulli", "", this);
}
