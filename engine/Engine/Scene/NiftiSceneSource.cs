// NIfTI image (.nii, .nii.gz, .hdr) with optional NIfTI overlays (label map, uncertainty map).
using PacsSeg.Imaging.IO.Nifti;

namespace PacsSeg.Engine.Scene;

public sealed class NiftiSceneSource : ISceneSource
{
    public string Name => "NIfTI (.nii, .nii.gz, .hdr) with NIfTI label / uncertainty overlays";

    public bool CanLoad(IReadOnlyList<string> paths) => paths is { Count: > 0 } && IsNifti(paths[0]);

    public static bool IsNifti(string path) =>
        path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".hdr", StringComparison.OrdinalIgnoreCase);

    public Task<ViewerScene> LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Task.Run(() =>
        {
            var image = Read(paths[0]);
            var overlays = paths.Skip(1).Select(p => (Path.GetFileName(p), Read(p))).ToList();
            return OverlayClassifier.Combine(Path.GetFileName(paths[0]), image, overlays, cancellationToken);
        }, cancellationToken);
    }

    internal static Imaging.Volume<float> Read(string path)
    {
        if (!IsNifti(path))
            throw new SceneException($"'{path}' is not a NIfTI file; overlays are read from NIfTI for now.");
        try
        {
            return NiftiReader.ReadVolume<float>(path);
        }
        catch (NiftiFormatException e)
        {
            throw new SceneException($"'{path}': {e.Message}", e);
        }
    }
}
