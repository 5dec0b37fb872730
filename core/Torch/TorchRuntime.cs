using System.Runtime.InteropServices;
using PacsSeg.Torch.Native;

namespace PacsSeg.Torch;

/// <summary>Process-wide libtorch settings: version, threads, seeding, devices, live-handle count.</summary>
public static class TorchRuntime
{
    /// <summary>The libtorch version the bridge was built against, e.g. "1.13.0".</summary>
    public static unsafe string Version
    {
        get
        {
            byte* buffer = stackalloc byte[64];
            NativeMethods.Check(NativeMethods.RuntimeVersion(buffer, 64), "runtime.version");
            return Marshal.PtrToStringUTF8((IntPtr)buffer) ?? "";
        }
    }

    /// <summary>libtorch's build configuration (compiler, BLAS, oneDNN, CUDA).</summary>
    public static unsafe string BuildConfig
    {
        get
        {
            var buffer = new byte[16384];
            fixed (byte* p = buffer)
            {
                NativeMethods.Check(NativeMethods.RuntimeConfig(p, buffer.Length), "runtime.config");
                return Marshal.PtrToStringUTF8((IntPtr)p) ?? "";
            }
        }
    }

    /// <summary>Intra-op threads (the bridge starts with the machine's core count or PACSSEG_NUM_THREADS).</summary>
    public static int NumThreads
    {
        get
        {
            NativeMethods.Check(NativeMethods.RuntimeGetNumThreads(out int n), "runtime.get_num_threads");
            return n;
        }
        set => NativeMethods.Check(NativeMethods.RuntimeSetNumThreads(value), "runtime.set_num_threads");
    }

    /// <summary>Seeds every libtorch generator (CPU and CUDA), as torch.manual_seed.</summary>
    public static void ManualSeed(ulong seed) =>
        NativeMethods.Check(NativeMethods.RuntimeManualSeed(seed), "runtime.manual_seed");

    public static int CudaDeviceCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.RuntimeCudaDeviceCount(out int n), "runtime.cuda_device_count");
            return n;
        }
    }

    public static bool IsCudaAvailable => CudaDeviceCount > 0;

    /// <summary>The best device here: the first CUDA device when there is one, else the CPU.</summary>
    public static Device DefaultDevice => IsCudaAvailable ? Device.Cuda(0) : Device.Cpu;

    /// <summary>Native tensor handles alive now; a leak-free loop leaves it where it started.</summary>
    public static long LiveTensorCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.RuntimeLiveTensors(out long n), "runtime.live_tensors");
            return n;
        }
    }

    /// <summary>Managed buffers shared with libtorch (<see cref="Tensor.WrapArray{T}"/>) that are still pinned
    /// because a tensor still uses them.</summary>
    public static long LiveSharedBufferCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.RuntimeLiveBlobs(out long n), "runtime.live_blobs");
            return n;
        }
    }
}
