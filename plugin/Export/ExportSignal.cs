using PacsSeg.Plugin.Inference;

namespace PacsSeg.Plugin.Export;

/// <summary>Wakes the export loop when a job reaches Exporting.</summary>
public sealed class ExportSignal
{
    public WorkSignal Signal { get; } = new();
}
