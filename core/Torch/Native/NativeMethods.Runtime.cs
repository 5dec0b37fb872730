using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_last_error")]
    internal static partial IntPtr RuntimeLastError();

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_version")]
    internal static partial int RuntimeVersion(byte* buffer, int capacity);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_config")]
    internal static partial int RuntimeConfig(byte* buffer, int capacity);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_set_num_threads")]
    internal static partial int RuntimeSetNumThreads(int threads);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_get_num_threads")]
    internal static partial int RuntimeGetNumThreads(out int threads);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_manual_seed")]
    internal static partial int RuntimeManualSeed(ulong seed);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_cuda_device_count")]
    internal static partial int RuntimeCudaDeviceCount(out int count);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_live_tensors")]
    internal static partial int RuntimeLiveTensors(out long count);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_runtime_live_blobs")]
    internal static partial int RuntimeLiveBlobs(out long count);

    /// <summary>Throws a <see cref="TorchException"/> with the bridge's message when a call failed.</summary>
    internal static void Check(int status, string op)
    {
        if (status == 0)
            return;
        string message = Marshal.PtrToStringUTF8(RuntimeLastError()) ?? "unknown error";
        // The dispatcher's messages already start with the operator and its arguments: "aten::cat([...]): ...".
        throw message.StartsWith(op + "(", StringComparison.Ordinal)
            ? new TorchException(op, message, prefixed: true)
            : new TorchException(op, message);
    }
}
