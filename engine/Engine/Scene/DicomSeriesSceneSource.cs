// A DICOM series folder as the image, with optional NIfTI overlays. DICOM SEG and Parametric Map
// overlays plug in here once PacsSeg.Dicom reads them into volumes.
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Engine.Scene;

public sealed class DicomSeriesSceneSource : ISceneSource
{
    public string Name => "DICOM series folder (with NIfTI label / uncertainty overlays)";

    public bool CanLoad(IReadOnlyList<string> paths) => paths is { Count: > 0 } && Directory.Exists(paths[0]);

    public Task<ViewerScene> LoadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Task.Run(() =>
        {
            AssembledSeries series;
            try
            {
                series = DicomSeriesReader.ReadDirectory(paths[0], cancellationToken: cancellationToken);
            }
            catch (SeriesAssemblyException e)
            {
                throw new SceneException($"'{paths[0]}': {e.Message}", e);
            }
            var overlays = paths.Skip(1).Select(p => (Path.GetFileName(p), NiftiSceneSource.Read(p))).ToList();
            return OverlayClassifier.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(paths[0])), series.Volume, overlays, cancellationToken);
        }, cancellationToken);
    }
}
