namespace PacsSeg.Torch;

/// <summary>One argument of an ATen operator call (<see cref="Aten"/>): a tensor, number, list, string,
/// device or None. Implicit conversions keep call sites short.</summary>
public readonly struct OpArg
{
    internal readonly int Kind;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Ref;

    private OpArg(int kind, long i = 0, double d = 0, object? reference = null)
    {
        Kind = kind;
        I = i;
        D = d;
        Ref = reference;
    }

    public static OpArg None => new(Native.PstArg.None);

    public static OpArg OptionalTensors(Tensor?[] tensors) => new(Native.PstArg.OptionalTensorList, reference: tensors);

    public static OpArg Bools(bool[] values) => new(Native.PstArg.BoolList, reference: values);

    public static OpArg Dtype(ScalarType type) => new(Native.PstArg.Int, (long)type);

    public static implicit operator OpArg(Tensor? t) => t is null ? None : new(Native.PstArg.Tensor, reference: t);

    public static implicit operator OpArg(long v) => new(Native.PstArg.Int, v);

    public static implicit operator OpArg(double v) => new(Native.PstArg.Double, d: v);

    public static implicit operator OpArg(bool v) => new(Native.PstArg.Bool, v ? 1 : 0);

    public static implicit operator OpArg(long[]? v) => v is null ? None : new(Native.PstArg.IntList, reference: v);

    public static implicit operator OpArg(double[]? v) => v is null ? None : new(Native.PstArg.DoubleList, reference: v);

    public static implicit operator OpArg(Tensor[] v) => new(Native.PstArg.TensorList, reference: v);

    public static implicit operator OpArg(string? v) => v is null ? None : new(Native.PstArg.String, reference: v);

    public static implicit operator OpArg(ScalarType v) => new(Native.PstArg.Int, (long)v);

    public static implicit operator OpArg(Device v) => new(Native.PstArg.Device, (long)v.Type, reference: (long)v.Index);

    public static implicit operator OpArg(ScalarType? v) => v is null ? None : Dtype(v.Value);
}
