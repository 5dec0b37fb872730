// Decides whether an overlay file is a label map or an uncertainty map, and puts it on the image grid.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Processing;

namespace PacsSeg.Engine.Scene;

public static class OverlayClassifier
{
    /// <summary>Integral values in 0..255 are labels; values in 0..1 that are not all 0/1 are uncertainty.</summary>
    public static OverlayKind Classify(Volume<float> overlay, string name)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        bool integral = true, unit = true;
        foreach (float v in overlay.Voxels)
        {
            if (!float.IsFinite(v))
                throw new SceneException($"Overlay '{name}' holds a non-finite value.");
            if (v != MathF.Round(v) || v < 0 || v > 255)
                integral = false;
            if (v < 0 || v > 1)
                unit = false;
        }
        if (integral)
            return OverlayKind.Labels;
        if (unit)
            return OverlayKind.Uncertainty;
        throw new SceneException($"Overlay '{name}' is neither a label map (integers 0..255) nor an uncertainty map (0..1).");
    }

    /// <summary>Adds each overlay to the image's scene, resampled onto the image grid when it lies on another.</summary>
    public static ViewerScene Combine(string name, Volume<float> image, IEnumerable<(string Name, Volume<float> Volume)> overlays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(overlays);
        Volume<byte>? labels = null;
        Volume<float>? uncertainty = null;
        foreach (var (overlayName, volume) in overlays)
        {
            var kind = Classify(volume, overlayName);
            bool same = volume.Geometry.SameGridAs(image.Geometry);
            if (kind == OverlayKind.Labels)
            {
                if (labels is not null)
                    throw new SceneException($"Two label maps given ('{overlayName}' is the second); give one.");
                var onGrid = same ? volume : Resampler.Nearest(volume, image.Geometry, 0f, cancellationToken);
                labels = onGrid.Map(v => (byte)v);
                labels = new Volume<byte>(image.Geometry, labels.Voxels);
            }
            else
            {
                if (uncertainty is not null)
                    throw new SceneException($"Two uncertainty maps given ('{overlayName}' is the second); give one.");
                var onGrid = same ? volume : Resampler.Linear(volume, image.Geometry, 0f, cancellationToken);
                uncertainty = new Volume<float>(image.Geometry, onGrid.Voxels);
            }
        }
        return new ViewerScene(name, image, labels, uncertainty);
    }
}
