namespace PacsSeg.Engine.Scene;

/// <summary>
/// One way to load a scene (NIfTI files, a DICOM series folder with its SEG and Parametric Map, ...).
/// Sources are tried in order by <see cref="SceneLoader"/>.
/// </summary>
public interface ISceneSource
{
    string Name { get; }

    /// <summary>True when this source recognises the inputs (by extension, magic bytes or folder content).</summary>
    bool CanLoad(IReadOnlyList<string> paths);

    /// <summary>Reads the inputs; the first path is the image, later ones overlays (labels, uncertainty).</summary>
    Task<ViewerScene> LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);
}
