namespace PacsSeg.Plugin.Models;

/// <summary>The installed model packages. Read on each call, so a package dropped into the folder is live at once.</summary>
public interface IModelRegistry
{
    Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken);
}
