using Polly;

namespace PacsSeg.Plugin.Export;

/// <summary>A destination with its own resilience pipeline (retries, breaker and timeout are per destination).</summary>
public sealed record ExportTarget(IExportDestination Destination, ResiliencePipeline Pipeline);
