using PacsSeg.Torch.Native;

namespace PacsSeg.Torch;

/// <summary>Autograd controls: no-grad and inference-mode regions, gradient-mode queries.</summary>
public static class Autograd
{
    public static bool IsGradEnabled
    {
        get
        {
            NativeMethods.Check(NativeMethods.AutogradIsGradEnabled(out int e), "autograd.is_grad_enabled");
            return e != 0;
        }
    }

    /// <summary>Turns gradient recording off on this thread until the returned object is disposed.</summary>
    public static IDisposable NoGrad() => new GradModeRestorer(false);

    /// <summary>Turns gradient recording on on this thread until the returned object is disposed.</summary>
    public static IDisposable EnableGrad() => new GradModeRestorer(true);

    /// <summary>libtorch's inference mode (faster than no-grad; tensors made inside never join autograd).
    /// Dispose on the same thread, innermost first.</summary>
    public static IDisposable InferenceMode()
    {
        NativeMethods.Check(NativeMethods.AutogradInferenceMode(1, out IntPtr g), "autograd.inference_mode");
        return new GuardHandle(g);
    }

    private sealed class GradModeRestorer : IDisposable
    {
        private readonly bool previous;
        private bool disposed;

        public GradModeRestorer(bool enabled)
        {
            previous = IsGradEnabled;
            NativeMethods.Check(NativeMethods.AutogradSetGradEnabled(enabled ? 1 : 0), "autograd.set_grad_enabled");
        }

        public void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            NativeMethods.Check(NativeMethods.AutogradSetGradEnabled(previous ? 1 : 0), "autograd.set_grad_enabled");
        }
    }
}
