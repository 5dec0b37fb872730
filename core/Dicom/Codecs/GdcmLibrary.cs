// GDCM's C# binding (Debian's libgdcm-cil) loaded at run time by reflection, so PacsSeg builds and runs without it.
// The binding is a .NET Framework assembly that P/Invokes libgdcmsharpglue.so; the resolver points it at the
// copy next to the assembly. Loaded once per process: an assembly's import resolver can be set only once.
using System.Reflection;
using System.Runtime.InteropServices;

namespace PacsSeg.Dicom.Codecs;

/// <summary>The loaded GDCM binding: the few types and methods the codecs call.</summary>
internal sealed class GdcmLibrary
{
    /// <summary>Where Debian installs the binding.</summary>
    public const string DefaultDirectory = "/usr/lib/cli/gdcm-sharp-3.0";

    private static readonly Lazy<(GdcmLibrary? Library, string Reason)> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private GdcmLibrary(Assembly assembly)
    {
        ReaderType = assembly.GetType("gdcm.ImageReader", throwOnError: true)!;
        var imageType = assembly.GetType("gdcm.Image", throwOnError: true)!;
        SetFileName = ReaderType.GetMethod("SetFileName", [typeof(string)])!;
        Read = ReaderType.GetMethod("Read", Type.EmptyTypes)!;
        GetImage = ReaderType.GetMethod("GetImage", Type.EmptyTypes)!;
        GetBufferLength = imageType.GetMethod("GetBufferLength", Type.EmptyTypes)!;
        GetBuffer = imageType.GetMethod("GetBuffer", [typeof(byte[])])!;
        GetPlanarConfiguration = imageType.GetMethod("GetPlanarConfiguration", Type.EmptyTypes)!;
    }

    public Type ReaderType { get; }

    public MethodInfo SetFileName { get; }

    public MethodInfo Read { get; }

    public MethodInfo GetImage { get; }

    public MethodInfo GetBufferLength { get; }

    public MethodInfo GetBuffer { get; }

    public MethodInfo GetPlanarConfiguration { get; }

    public static GdcmLibrary? TryLoad(out string reason)
    {
        var (lib, why) = Instance.Value;
        reason = why;
        return lib;
    }

    private static (GdcmLibrary?, string) Load()
    {
        var dir = Environment.GetEnvironmentVariable("PACSSEG_GDCM_DIR") ?? DefaultDirectory;
        var managed = Path.Combine(dir, "gdcm-sharp.dll");
        var native = Path.Combine(dir, "libgdcmsharpglue.so");
        if (!File.Exists(managed) || !File.Exists(native))
        {
            return (null, $"{managed} or {native} not found (install the libgdcm-cil package).");
        }

        try
        {
            var assembly = Assembly.LoadFrom(managed);
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
                name.Contains("gdcmsharpglue", StringComparison.Ordinal) ? NativeLibrary.Load(native) : IntPtr.Zero);
            return (new GdcmLibrary(assembly), string.Empty);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or DllNotFoundException or InvalidOperationException or ArgumentException)
        {
            return (null, $"GDCM could not be loaded: {e.Message}");
        }
    }
}
