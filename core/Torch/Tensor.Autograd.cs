using PacsSeg.Torch.Native;

namespace PacsSeg.Torch;

public sealed partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor (settable on leaves).</summary>
    public bool RequiresGrad
    {
        get => (Info().Flags & 1) != 0;
        set => NativeMethods.Check(NativeMethods.AutogradSetRequiresGrad(Handle, value ? 1 : 0), "tensor.requires_grad_");
    }

    /// <summary>The accumulated gradient, or null; a new handle each call (dispose it or use a scope).</summary>
    public Tensor? Grad
    {
        get
        {
            NativeMethods.Check(NativeMethods.AutogradGrad(Handle, out IntPtr g), "tensor.grad");
            return g == IntPtr.Zero ? null : new Tensor(new TensorHandle(g));
        }
        set
        {
            bool ok = false;
            value?.Handle.DangerousAddRef(ref ok);
            try
            {
                NativeMethods.Check(NativeMethods.AutogradSetGrad(Handle, value?.Handle.DangerousGetHandle() ?? IntPtr.Zero), "tensor.grad");
            }
            finally
            {
                if (ok)
                    value!.Handle.DangerousRelease();
            }
        }
    }

    /// <summary>Back-propagates from this (scalar) tensor into the leaves' <see cref="Grad"/>.</summary>
    public unsafe void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        bool ok = false, okGrad = false;
        Handle.DangerousAddRef(ref ok);
        gradient?.Handle.DangerousAddRef(ref okGrad);
        try
        {
            IntPtr t = Handle.DangerousGetHandle();
            IntPtr g = gradient?.Handle.DangerousGetHandle() ?? IntPtr.Zero;
            NativeMethods.Check(NativeMethods.AutogradBackward(&t, &g, 1, retainGraph ? 1 : 0, createGraph ? 1 : 0),
                "autograd.backward");
        }
        finally
        {
            if (ok)
                Handle.DangerousRelease();
            if (okGrad)
                gradient!.Handle.DangerousRelease();
        }
    }

    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor Detach() => Aten.Call("aten::detach", "", this);

    /// <summary>Replaces this tensor's data with <paramref name="data"/> (keeps identity, as PyTorch's .data =).</summary>
    public void SetData(Tensor data) => Aten.CallInPlace("aten::set_data", "", this, data);
}
