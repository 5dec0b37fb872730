// The engine's log messages, source-generated. EventIds 7000-7099 belong to the engine:
// 7000-7019 scene loading, 7020-7039 shaders, 7040-7059 frames.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Engine.Logging;

public static partial class EngineLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Loading {Path} (+{Overlays} overlay(s)) with {Source}")]
    public static partial void SceneLoading(this ILogger logger, string path, int overlays, string source);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Loaded {Scene}: {SizeX}x{SizeY}x{SizeZ} voxels, {Labels} label(s), uncertainty {HasUncertainty}, in {ElapsedMs:F0} ms")]
    public static partial void SceneLoaded(this ILogger logger, string scene, int sizeX, int sizeY, int sizeZ, int labels, bool hasUncertainty, double elapsedMs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Loading {Path} failed: {Reason}")]
    public static partial void SceneLoadFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "Compiled {Program} [{Defines}] in {ElapsedMs:F1} ms")]
    public static partial void ShaderCompiled(this ILogger logger, string program, string defines, double elapsedMs);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Shaders changed in {Directory}: reloaded {Programs} program(s)")]
    public static partial void ShadersReloaded(this ILogger logger, string directory, int programs);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Shader reload failed, keeping the previous programs: {Error}")]
    public static partial void ShaderReloadFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Frames: {Frames} drawn, {Fps:F1} fps, mean {MeanMs:F1} ms, p95 {P95Ms:F1} ms ({Motion})")]
    public static partial void FrameStatistics(this ILogger logger, int frames, double fps, double meanMs, double p95Ms, string motion);
}
