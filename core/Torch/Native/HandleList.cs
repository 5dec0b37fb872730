using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

/// <summary>The native handles of a list of tensors for one bridge call, each kept from being freed (AddRef)
/// until <see cref="Dispose"/>; a null entry stays a null handle.</summary>
internal readonly struct HandleList : IDisposable
{
    private readonly SafeHandle?[] refs;

    internal HandleList(IReadOnlyList<Tensor?> tensors)
    {
        Pointers = new IntPtr[tensors.Count];
        refs = new SafeHandle?[tensors.Count];
        try
        {
            for (int i = 0; i < tensors.Count; i++)
            {
                if (tensors[i] is not { } t)
                    continue;
                bool added = false;
                t.Handle.DangerousAddRef(ref added);
                refs[i] = t.Handle;
                Pointers[i] = t.Handle.DangerousGetHandle();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The handles, pinned by the caller with <c>fixed</c> for the call.</summary>
    internal IntPtr[] Pointers { get; }

    public void Dispose()
    {
        foreach (var h in refs)
            h?.DangerousRelease();
    }
}
