using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_dispatch_call", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int DispatchCall(string name, string overload, PstArg* args, int nargs,
        IntPtr* outs, int capacity, out int nouts, out double scalar);
}
