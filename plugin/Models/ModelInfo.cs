namespace PacsSeg.Plugin.Models;

/// <summary>One model package on disk, as the admin API and routing see it.</summary>
public sealed record ModelInfo(string Name, string Version, string Path, long SizeBytes, DateTimeOffset ModifiedAt, IReadOnlyList<string> Classes, string? Error);
