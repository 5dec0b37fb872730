// Calls any ATen operator through libtorch's dispatcher by its schema name, e.g.
// Aten.Call("aten::conv2d", "", input, weight, bias, stride, padding). Arguments left out take the
// schema's defaults. Every wrapper in this library goes through here; other code may too, for an
// operator that has no wrapper yet.
using System.Runtime.InteropServices;
using PacsSeg.Torch.Native;

namespace PacsSeg.Torch;

public static class Aten
{
    private const int MaxOutputs = 256;

    /// <summary>Calls an operator that returns one tensor.</summary>
    public static Tensor Call(string name, string overload, params ReadOnlySpan<OpArg> args)
    {
        Tensor?[] r = Invoke(name, overload, args, out _);
        if (r.Length == 0 || r[0] is null)
            throw new TorchException(name, "the operator returned no tensor");
        for (int i = 1; i < r.Length; i++)
            r[i]?.Dispose();
        return r[0]!;
    }

    /// <summary>Calls an operator that returns several tensors (tuples and lists are flattened in order).</summary>
    public static Tensor[] CallMany(string name, string overload, params ReadOnlySpan<OpArg> args)
    {
        Tensor?[] r = Invoke(name, overload, args, out _);
        foreach (var t in r)
            if (t is null)
                throw new TorchException(name, "the operator returned an undefined tensor");
        return r!;
    }

    /// <summary>Calls an in-place operator (returns its first argument); frees the returned alias.</summary>
    public static void CallInPlace(string name, string overload, params ReadOnlySpan<OpArg> args)
    {
        foreach (var t in Invoke(name, overload, args, out _))
            t?.Dispose();
    }

    /// <summary>Calls an operator that returns a number (or nothing).</summary>
    public static double CallScalar(string name, string overload, params ReadOnlySpan<OpArg> args)
    {
        Tensor?[] r = Invoke(name, overload, args, out double scalar);
        foreach (var t in r)
            t?.Dispose();
        return scalar;
    }

    private static unsafe Tensor?[] Invoke(string name, string overload, ReadOnlySpan<OpArg> args, out double scalar)
    {
        int n = args.Length;
        PstArg* native = stackalloc PstArg[Math.Max(n, 1)];
        List<GCHandle>? pins = null;
        List<SafeHandle>? refs = null;
        List<IntPtr>? strings = null;
        try
        {
            for (int i = 0; i < n; i++)
            {
                ref readonly OpArg a = ref args[i];
                ref PstArg p = ref native[i];
                p = default;
                p.Kind = a.Kind;
                switch (a.Kind)
                {
                    case PstArg.Int:
                    case PstArg.Bool:
                        p.I = a.I;
                        break;
                    case PstArg.Double:
                        p.D = a.D;
                        break;
                    case PstArg.Device:
                        p.I = a.I;
                        p.N = (long)a.Ref!;
                        break;
                    case PstArg.Tensor:
                        p.P = AddRef(((Tensor)a.Ref!).Handle, ref refs);
                        break;
                    case PstArg.IntList:
                    {
                        var arr = (long[])a.Ref!;
                        p.P = Pin(arr, ref pins);
                        p.N = arr.Length;
                        break;
                    }
                    case PstArg.DoubleList:
                    {
                        var arr = (double[])a.Ref!;
                        p.P = Pin(arr, ref pins);
                        p.N = arr.Length;
                        break;
                    }
                    case PstArg.BoolList:
                    {
                        var arr = (bool[])a.Ref!;
                        var longs = new long[arr.Length];
                        for (int k = 0; k < arr.Length; k++)
                            longs[k] = arr[k] ? 1 : 0;
                        p.P = Pin(longs, ref pins);
                        p.N = longs.Length;
                        break;
                    }
                    case PstArg.TensorList:
                    case PstArg.OptionalTensorList:
                    {
                        var arr = (Tensor?[])a.Ref!;
                        var handles = new IntPtr[arr.Length];
                        for (int k = 0; k < arr.Length; k++)
                        {
                            if (arr[k] is { } t)
                                handles[k] = AddRef(t.Handle, ref refs);
                            else if (a.Kind == PstArg.TensorList)
                                throw new ArgumentNullException(nameof(args), $"{name}: null tensor in a tensor list");
                        }
                        p.P = Pin(handles, ref pins);
                        p.N = handles.Length;
                        break;
                    }
                    case PstArg.String:
                    {
                        IntPtr s = Marshal.StringToCoTaskMemUTF8((string)a.Ref!);
                        (strings ??= new()).Add(s);
                        p.P = s;
                        break;
                    }
                }
            }
            IntPtr* outs = stackalloc IntPtr[MaxOutputs];
            int status = NativeMethods.DispatchCall(name, overload, native, n, outs, MaxOutputs, out int nouts, out scalar);
            NativeMethods.Check(status, name);
            var result = new Tensor?[nouts];
            for (int i = 0; i < nouts; i++)
                result[i] = outs[i] == IntPtr.Zero ? null : new Tensor(new TensorHandle(outs[i]));
            return result;
        }
        finally
        {
            if (refs is not null)
                foreach (var h in refs)
                    h.DangerousRelease();
            if (pins is not null)
                foreach (var h in pins)
                    h.Free();
            if (strings is not null)
                foreach (var s in strings)
                    Marshal.FreeCoTaskMem(s);
        }
    }

    private static IntPtr AddRef(SafeHandle h, ref List<SafeHandle>? refs)
    {
        bool ok = false;
        h.DangerousAddRef(ref ok);
        (refs ??= new()).Add(h);
        return h.DangerousGetHandle();
    }

    private static IntPtr Pin(Array array, ref List<GCHandle>? pins)
    {
        var h = GCHandle.Alloc(array, GCHandleType.Pinned);
        (pins ??= new()).Add(h);
        return h.AddrOfPinnedObject();
    }
}
