// The managed tensor: one native libtorch tensor behind a SafeHandle. Operators live in the other
// Tensor.*.cs files (one partial class, split along areas).
using System.Runtime.CompilerServices;
using PacsSeg.Torch.Native;

namespace PacsSeg.Torch;

public sealed partial class Tensor : IDisposable
{
    internal Tensor(TensorHandle handle)
    {
        Handle = handle;
        Scope = DisposeScope.Current;
        Scope?.Add(this);
    }

    internal TensorHandle Handle { get; }

    internal DisposeScope? Scope { get; set; }

    /// <summary>Whether this tensor's native handle has been freed.</summary>
    public bool IsDisposed => Handle.IsClosed;

    /// <summary>Frees the native tensor now (its storage goes when no other tensor views it).</summary>
    public void Dispose()
    {
        if (Scope is { } s)
        {
            s.Remove(this);
            Scope = null;
        }
        Handle.Dispose();
    }

    /// <summary>Hands this tensor to the enclosing scope (or to nobody when there is none); returns it.</summary>
    public Tensor MoveToOuterScope()
    {
        if (Scope is { } s)
        {
            s.Remove(this);
            Scope = s.Outer;
            Scope?.Add(this);
        }
        return this;
    }

    /// <summary>Takes this tensor out of every dispose scope: the caller disposes it; returns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Remove(this);
        Scope = null;
        return this;
    }

    private unsafe (long[] Sizes, long[] Strides, ScalarType Type, Device Device, int Flags) Info()
    {
        const int Cap = 16;
        long* sizes = stackalloc long[Cap];
        long* strides = stackalloc long[Cap];
        NativeMethods.Check(NativeMethods.TensorInfo(Handle, sizes, strides, Cap, out int ndim, out int dtype,
            out int devType, out int devIndex, out int flags), "tensor.info");
        if (ndim > Cap)
            throw new TorchException("tensor.info", $"tensor has {ndim} dimensions; at most {Cap} are supported");
        var s = new long[ndim];
        var st = new long[ndim];
        for (int i = 0; i < ndim; i++)
        {
            s[i] = sizes[i];
            st[i] = strides[i];
        }
        return (s, st, (ScalarType)dtype, new Device((DeviceType)devType, devIndex), flags);
    }

    /// <summary>The sizes of the dimensions.</summary>
    public long[] Shape => Info().Sizes;

    /// <summary>The strides of the dimensions, in elements.</summary>
    public long[] Strides => Info().Strides;

    public int Dim => Info().Sizes.Length;

    public long NumberOfElements
    {
        get
        {
            long n = 1;
            foreach (long s in Info().Sizes)
                n *= s;
            return n;
        }
    }

    public ScalarType Dtype => Info().Type;

    public Device Device => Info().Device;

    public bool IsContiguous => (Info().Flags & 2) != 0;

    /// <summary>Whether autograd treats this tensor as a leaf (created by the user, not by an operation).</summary>
    public bool IsLeaf => (Info().Flags & 4) != 0;

    /// <summary>Size of one dimension; negative counts from the end.</summary>
    public long Size(int dim)
    {
        var s = Shape;
        int d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new TorchException("tensor.size", $"dimension {dim} out of range for shape {FormatShape(s)}");
        return s[d];
    }

    internal static string FormatShape(long[] shape) => "[" + string.Join(", ", shape) + "]";

    public override string ToString() => $"Tensor({Dtype}, {FormatShape(Shape)}, {Device})";

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        NativeMethods.Check(NativeMethods.TensorItem(Handle, out double v), "tensor.item");
        return v;
    }

    /// <summary>The value of a one-element tensor, as <typeparamref name="T"/>.</summary>
    public T Item<T>() where T : unmanaged => ToArray<T>() is { Length: 1 } a ? a[0]
        : throw new TorchException("tensor.item", $"tensor of shape {FormatShape(Shape)} is not one element");

    /// <summary>Copies the elements out (row-major, moved to the CPU and made contiguous first when needed).</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var info = Info();
        CheckElementType<T>(info.Type, "tensor.to_array");
        long n = 1;
        foreach (long s in info.Sizes)
            n *= s;
        var result = new T[n];
        fixed (T* p = result)
            NativeMethods.Check(NativeMethods.TensorCopyTo(Handle, p, n * sizeof(T)), "tensor.to_array");
        return result;
    }

    /// <summary>Copies elements into a span of exactly the tensor's size.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>(Dtype, "tensor.copy_to");
        fixed (T* p = destination)
            NativeMethods.Check(NativeMethods.TensorCopyTo(Handle, p, (long)destination.Length * sizeof(T)), "tensor.copy_to");
    }

    /// <summary>Overwrites the elements from a span of exactly the tensor's size (no autograd record).</summary>
    public unsafe void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        CheckElementType<T>(Dtype, "tensor.copy_from");
        fixed (T* p = source)
            NativeMethods.Check(NativeMethods.TensorCopyFrom(Handle, p, (long)source.Length * sizeof(T)), "tensor.copy_from");
    }

    /// <summary>The elements of a contiguous CPU tensor in place, without a copy. Valid while the tensor lives.</summary>
    public unsafe Span<T> DataSpan<T>() where T : unmanaged
    {
        var info = Info();
        CheckElementType<T>(info.Type, "tensor.data");
        long n = 1;
        foreach (long s in info.Sizes)
            n *= s;
        if (n > int.MaxValue)
            throw new TorchException("tensor.data", $"tensor of {n} elements is too large for a span");
        NativeMethods.Check(NativeMethods.TensorDataPtr(Handle, out IntPtr p), "tensor.data");
        return new Span<T>((void*)p, (int)n);
    }

    /// <summary>A new managed handle to the same native tensor (shares storage and autograd identity).</summary>
    public Tensor Alias()
    {
        NativeMethods.Check(NativeMethods.TensorAlias(Handle, out IntPtr h), "tensor.alias");
        return new Tensor(new TensorHandle(h));
    }

    internal static ScalarType ScalarTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        throw new TorchException($"no tensor element type for {typeof(T).Name}");
    }

    private static void CheckElementType<T>(ScalarType actual, string op) where T : unmanaged
    {
        var wanted = ScalarTypeOf<T>();
        if (wanted != actual)
            throw new TorchException(op, $"tensor holds {actual}, not {typeof(T).Name} ({wanted})");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long[] L(params long[] v) => v;
}
