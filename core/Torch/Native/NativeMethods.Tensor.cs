using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_free")]
    internal static partial int TensorFree(IntPtr tensor);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_from_data")]
    internal static partial int TensorFromData(void* data, long nbytes, long* shape, int ndim, int dtype, out IntPtr tensor);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_from_blob")]
    internal static partial int TensorFromBlob(void* data, long nbytes, long* shape, int ndim, int dtype,
        delegate* unmanaged<IntPtr, void> deleter, IntPtr context, out IntPtr tensor);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_copy_to")]
    internal static partial int TensorCopyTo(TensorHandle tensor, void* destination, long nbytes);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_copy_from")]
    internal static partial int TensorCopyFrom(TensorHandle tensor, void* source, long nbytes);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_info")]
    internal static partial int TensorInfo(TensorHandle tensor, long* sizes, long* strides, int capacity, out int ndim,
        out int dtype, out int deviceType, out int deviceIndex, out int flags);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_data_ptr")]
    internal static partial int TensorDataPtr(TensorHandle tensor, out IntPtr data);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_item")]
    internal static partial int TensorItem(TensorHandle tensor, out double value);

    [LibraryImport(NativeLibraryLoader.LibraryName, EntryPoint = "pst_tensor_alias")]
    internal static partial int TensorAlias(TensorHandle tensor, out IntPtr alias);
}
