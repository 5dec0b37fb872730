using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Export;

/// <summary>
/// Creates destinations of one kind from configuration. The C-STORE SCU and STOW-RS destinations register
/// a factory each (kinds "CStore", "Stow"); nothing else changes.
/// </summary>
public interface IExportDestinationFactory
{
    string Kind { get; }

    /// <summary>Problems with the kind-specific settings, reported at start-up.</summary>
    IEnumerable<string> Validate(ExportDestinationOptions options);

    IExportDestination Create(ExportDestinationOptions options);
}
