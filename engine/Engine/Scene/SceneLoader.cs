// Picks a scene source for the viewer's inputs. Formats plug in as ISceneSource implementations.
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Engine.Logging;

namespace PacsSeg.Engine.Scene;

/// <summary>Loads a scene through the first source that recognises the inputs.</summary>
public sealed class SceneLoader
{
    private readonly IReadOnlyList<ISceneSource> _sources;

    private readonly ILogger _logger;

    public SceneLoader(IEnumerable<ISceneSource> sources, ILogger? logger = null)
    {
        _sources = sources?.ToList() ?? throw new ArgumentNullException(nameof(sources));
        _logger = logger ?? NullLogger.Instance;
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
        _logger.SceneLoading(paths[0], paths.Count - 1, source.Name);
        long start = Stopwatch.GetTimestamp();
        ViewerScene scene;
        try
        {
            scene = await source.LoadAsync(paths, cancellationToken).ConfigureAwait(false);
        }
        catch (SceneException e)
        {
            _logger.SceneLoadFailed(paths[0], e.Message);
            throw;
        }
        var g = scene.Intensity.Geometry;
        _logger.SceneLoaded(scene.Name, g.SizeX, g.SizeY, g.SizeZ, scene.LabelInfos.Count, scene.Uncertainty is not null, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return scene;
    }
}
