using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_backward")]
    internal static partial int AutogradBackward(IntPtr* tensors, IntPtr* grads, int n, int retainGraph, int createGraph);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_grad")]
    internal static partial int AutogradGrad(TensorHandle tensor, out IntPtr grad);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_set_grad")]
    internal static partial int AutogradSetGrad(TensorHandle tensor, IntPtr grad);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_set_requires_grad")]
    internal static partial int AutogradSetRequiresGrad(TensorHandle tensor, int requiresGrad);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_is_grad_enabled")]
    internal static partial int AutogradIsGradEnabled(out int enabled);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_set_grad_enabled")]
    internal static partial int AutogradSetGradEnabled(int enabled);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_autograd_inference_mode")]
    internal static partial int AutogradInferenceMode(int enabled, out IntPtr guard);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_guard_free")]
    internal static partial int GuardFree(IntPtr guard);
}
