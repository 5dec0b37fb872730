using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

/// <summary>Owns one native <c>pst_tensor</c>; freed exactly once, by Dispose or by the finalizer.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => NativeMethods.TensorFree(handle) == 0;
}
