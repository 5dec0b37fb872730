// Picks a scene source for the viewer's inputs. Formats plug in as ISceneSource implementations.
namespace PacsSeg.Engine.Scene;

/// <summary>Loads a scene through the first source that recognises the inputs.</summary>
public sealed class SceneLoader
{
    private readonly IReadOnlyList<ISceneSource> _sources;

    public SceneLoader(IEnumerable<ISceneSource> sources)
    {
        _sources = sources?.ToList() ?? throw new ArgumentNullException(nameof(sources));
    }

    public IReadOnlyList<ISceneSource> Sources => _sources;

    public async Task<ViewerScene> LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
            throw new SceneException("Nothing to load: give a file or folder, or use --phantom.");
        foreach (var p in paths)
        {
            if (!File.Exists(p) && !Directory.Exists(p))
                throw new SceneException($"'{p}' does not exist.");
        }
        var source = _sources.FirstOrDefault(s => s.CanLoad(paths))
            ?? throw new SceneException(
                $"No loader recognises '{paths[0]}'. This build reads: {(_sources.Count == 0 ? "the built-in phantom only (--phantom)" : string.Join(", ", _sources.Select(s => s.Name)))}.");
        return await source.LoadAsync(paths, cancellationToken).ConfigureAwait(false);
    }
}
