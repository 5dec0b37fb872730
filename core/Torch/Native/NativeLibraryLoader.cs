// Finds the native bridge for every [LibraryImport] of this assembly: beside the assembly, or in the
// folder named by PACSSEG_NATIVE_DIR; a clear message when it is not built yet.
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PacsSeg.Torch.Native;

internal static class NativeLibraryLoader
{
    internal const string LibraryName = "pacsseg_torch";

    // A library module initializer is the one place that runs before any P/Invoke of this assembly,
    // which is exactly when the resolver must be in place (CA2255's "advanced scenario").
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
            return IntPtr.Zero;
        string file = OperatingSystem.IsWindows() ? "pacsseg_torch.dll"
            : OperatingSystem.IsMacOS() ? "libpacsseg_torch.dylib" : "libpacsseg_torch.so";
        var candidates = new List<string>();
        string? env = Environment.GetEnvironmentVariable("PACSSEG_NATIVE_DIR");
        if (!string.IsNullOrEmpty(env))
            candidates.Add(Path.Combine(env, file));
        string? here = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(here))
            candidates.Add(Path.Combine(here, file));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, file));
        var errors = new List<string>();
        foreach (string path in candidates.Distinct())
        {
            if (!File.Exists(path))
                continue;
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                errors.Add($"{path}: {e.Message}");
            }
            catch (BadImageFormatException e)
            {
                errors.Add($"{path}: {e.Message}");
            }
        }
        string detail = errors.Count > 0 ? " Load errors: " + string.Join("; ", errors) : "";
        throw new DllNotFoundException(
            $"The PacsSeg native torch bridge ({file}) was not found in {string.Join(", ", candidates.Distinct())}. " +
            $"Run './pacsseg setup' (or install/setup.sh) to build it, or set PACSSEG_NATIVE_DIR to its folder.{detail}");
    }
}
