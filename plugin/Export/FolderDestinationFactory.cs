using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Export;

public sealed class FolderDestinationFactory : IExportDestinationFactory
{
    public string Kind => "Folder";

    public IEnumerable<string> Validate(ExportDestinationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Folder))
            yield return "Folder destinations need a Folder.";
    }

    public IExportDestination Create(ExportDestinationOptions options) =>
        new FolderDestination(options.Name, Path.GetFullPath(options.Folder));
}
