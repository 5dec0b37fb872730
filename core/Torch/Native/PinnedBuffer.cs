using System.Buffers;
using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

/// <summary>Keeps a managed buffer pinned and alive while libtorch storage points into it. The bridge gets a
/// GCHandle to this object as the storage's deleter context and calls <see cref="Release"/> exactly once, when
/// the last tensor sharing the storage is freed (on whatever thread frees it).</summary>
internal sealed class PinnedBuffer
{
    private MemoryHandle pin;

    private PinnedBuffer(MemoryHandle pin) => this.pin = pin;

    /// <summary>Pins <paramref name="memory"/> and returns the pointer and the context handle for the bridge.</summary>
    internal static unsafe (IntPtr Data, IntPtr Context) Pin<T>(Memory<T> memory) where T : unmanaged
    {
        var owner = new PinnedBuffer(memory.Pin());
        var context = GCHandle.Alloc(owner, GCHandleType.Normal);
        return ((IntPtr)owner.pin.Pointer, GCHandle.ToIntPtr(context));
    }

    internal static unsafe delegate* unmanaged<IntPtr, void> Deleter => &Release;

    [UnmanagedCallersOnly]
    private static void Release(IntPtr context)
    {
        var handle = GCHandle.FromIntPtr(context);
        if (handle.Target is PinnedBuffer owner)
        {
            owner.pin.Dispose();
            owner.pin = default;
        }
        handle.Free();
    }
}
