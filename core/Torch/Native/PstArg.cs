using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

/// <summary>The native <c>pst_arg</c>: one argument of a dispatcher call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PstArg
{
    internal const int None = 0, Tensor = 1, Int = 2, Double = 3, Bool = 4, IntList = 5, TensorList = 6,
        String = 7, Device = 8, DoubleList = 9, OptionalTensorList = 10, BoolList = 11;

    public int Kind;
    public int Reserved;
    public long I;
    public double D;
    public IntPtr P;
    public long N;
}
