using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

/// <summary>Owns one native <c>pst_guard</c> (an inference-mode guard, thread-bound, freed in LIFO order).</summary>
internal sealed class GuardHandle : SafeHandle
{
    public GuardHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal GuardHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => NativeMethods.GuardFree(handle) == 0;
}
