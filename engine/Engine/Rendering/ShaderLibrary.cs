// Loads GLSL from the shaders/ folder at run time, compiles one program per (kind, feature set) on
// demand, and recompiles when a source file changes (hot reload in the viewer).
namespace PacsSeg.Engine.Rendering;

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Logging;

/// <summary>Program cache keyed by kind and features; render thread only.</summary>
public sealed class ShaderLibrary : IDisposable
{
    private readonly GraphicsDevice _device;
    private readonly Dictionary<(ShaderKind, RenderFeatures), ShaderProgram> _programs = [];
    private readonly Dictionary<string, DateTime> _stamps = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public ShaderLibrary(GraphicsDevice device, string directory, ILogger? logger = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _logger = logger ?? NullLogger.Instance;
        if (!File.Exists(Path.Combine(directory, "volume.frag")))
            throw new GraphicsException($"Shader folder '{directory}' has no volume.frag.");
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The shaders/ folder: $PACSSEG_SHADERS, else the repository's (for hot reload), else the copy beside the program.</summary>
    public static string FindDirectory()
    {
        string? env = Environment.GetEnvironmentVariable("PACSSEG_SHADERS");
        if (!string.IsNullOrEmpty(env))
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shaders");
            if (File.Exists(Path.Combine(candidate, "volume.frag")) && File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
                return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, "shaders");
    }

    /// <summary>Every feature set the volume program supports (MIP has no shading; outline needs labels).</summary>
    public static IEnumerable<RenderFeatures> VolumeFeatureSets()
    {
        for (int bits = 0; bits < 64; bits++)
        {
            var f = (RenderFeatures)bits;
            if (IsValid(ShaderKind.Volume, f))
                yield return f;
        }
    }

    /// <summary>Every feature set of the MPR program.</summary>
    public static IEnumerable<RenderFeatures> MprFeatureSets()
    {
        var mask = RenderFeatures.Labels | RenderFeatures.LabelOutline | RenderFeatures.Uncertainty;
        for (int bits = 0; bits < 64; bits++)
        {
            var f = (RenderFeatures)bits;
            if ((f & ~mask) == 0 && IsValid(ShaderKind.Mpr, f))
                yield return f;
        }
    }

    public static bool IsValid(ShaderKind kind, RenderFeatures f)
    {
        if (f.HasFlag(RenderFeatures.LabelOutline) && !f.HasFlag(RenderFeatures.Labels))
            return false;
        return kind switch
        {
            ShaderKind.Volume => !(f.HasFlag(RenderFeatures.Mip) && f.HasFlag(RenderFeatures.Shading)),
            ShaderKind.Mpr => (f & (RenderFeatures.Mip | RenderFeatures.Shading | RenderFeatures.EmptySpaceSkipping)) == 0,
            _ => f == RenderFeatures.None,
        };
    }

    public ShaderProgram Get(ShaderKind kind, RenderFeatures features)
    {
        if (!IsValid(kind, features))
            throw new ArgumentException($"Feature set {features} is not valid for the {kind} program.", nameof(features));
        if (_programs.TryGetValue((kind, features), out var program))
            return program;
        program = Compile(kind, features);
        _programs[(kind, features)] = program;
        return program;
    }

    private ShaderProgram Compile(ShaderKind kind, RenderFeatures features)
    {
        var description = Describe(kind, features);
        long start = Stopwatch.GetTimestamp();
        var program = _device.CreateProgram(description);
        _logger.ShaderCompiled(description.Name, description.DefineList, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return program;
    }

    public ShaderProgramDescription Describe(ShaderKind kind, RenderFeatures features)
    {
        (string vs, string fs) = kind switch
        {
            ShaderKind.Volume => ("fullscreen.vert", "volume.frag"),
            ShaderKind.Mpr => ("fullscreen.vert", "mpr.frag"),
            _ => ("text.vert", "text.frag"),
        };
        var defines = new List<string>();
        if (features.HasFlag(RenderFeatures.Mip)) defines.Add("MIP");
        if (features.HasFlag(RenderFeatures.Labels)) defines.Add("LABELS");
        if (features.HasFlag(RenderFeatures.LabelOutline)) defines.Add("LABEL_OUTLINE");
        if (features.HasFlag(RenderFeatures.Uncertainty)) defines.Add("UNCERTAINTY");
        if (features.HasFlag(RenderFeatures.Shading)) defines.Add("SHADING");
        if (features.HasFlag(RenderFeatures.EmptySpaceSkipping)) defines.Add("SKIP");
        return new ShaderProgramDescription($"{vs}+{fs}", Read(vs), Read(fs), defines);
    }

    /// <summary>
    /// Recompiles the cached programs when a source file changed. Returns null when nothing changed or
    /// all compiled; otherwise the compiler's message, and the previous programs stay in use.
    /// </summary>
    public string? ReloadIfChanged(out bool changed)
    {
        changed = _stamps.Any(kv => File.GetLastWriteTimeUtc(Path.Combine(Directory, kv.Key)) != kv.Value);
        if (!changed)
            return null;
        var fresh = new Dictionary<(ShaderKind, RenderFeatures), ShaderProgram>();
        try
        {
            foreach (var key in _programs.Keys)
                fresh[key] = Compile(key.Item1, key.Item2);
        }
        catch (ShaderCompileException e)
        {
            foreach (var p in fresh.Values)
                p.Dispose();
            _logger.ShaderReloadFailed(e.Message);
            return e.Message;
        }
        Clear();
        foreach (var kv in fresh)
            _programs[kv.Key] = kv.Value;
        _logger.ShadersReloaded(Directory, fresh.Count);
        return null;
    }

    /// <summary>Checks that every program still compiles with the current sources (for hot reload: keep the old ones if not).</summary>
    public void CompileAll()
    {
        foreach (var f in VolumeFeatureSets())
            Get(ShaderKind.Volume, f);
        foreach (var f in MprFeatureSets())
            Get(ShaderKind.Mpr, f);
        Get(ShaderKind.Text, RenderFeatures.None);
    }

    private string Read(string file)
    {
        string path = Path.Combine(Directory, file);
        _stamps[file] = File.GetLastWriteTimeUtc(path);
        return File.ReadAllText(path);
    }

    private void Clear()
    {
        foreach (var p in _programs.Values)
            p.Dispose();
        _programs.Clear();
    }

    public void Dispose() => Clear();
}
