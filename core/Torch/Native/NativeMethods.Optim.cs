using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_optim_sgd_step")]
    internal static partial int OptimSgdStep(IntPtr* parameters, IntPtr* momentumBuffers, int n, double learningRate,
        double momentum, double dampening, double weightDecay, int nesterov);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_optim_zero_grad")]
    internal static partial int OptimZeroGrad(IntPtr* parameters, int n, int setToNone);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_optim_ema_update")]
    internal static partial int OptimEmaUpdate(IntPtr* targets, IntPtr* sources, int n, double alpha);
}
