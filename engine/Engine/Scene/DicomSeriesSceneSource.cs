// A DICOM series folder as the image, with optional overlays: a DICOM SEG (labels, in the segments' colours),
// a DICOM Parametric Map (uncertainty), or NIfTI label / uncertainty maps.
using PacsSeg.Dicom;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Engine.Scene;

public sealed class DicomSeriesSceneSource : ISceneSource
{
    public string Name => "DICOM series folder (with DICOM SEG / Parametric Map or NIfTI label / uncertainty overlays)";

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
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(paths[0]));
            var target = series.Volume.Geometry;
            var nifti = new List<(string, Imaging.Volume<float>)>();
            Imaging.Volume<byte>? labels = null;
            IReadOnlyList<LabelInfo>? infos = null;
            Imaging.Volume<float>? uncertainty = null;
            SeriesIdentity? identity = null;
            foreach (var path in paths.Skip(1))
            {
                var kind = DicomOverlayReader.Detect(path);
                if (kind is null)
                {
                    nifti.Add((Path.GetFileName(path), NiftiSceneSource.Read(path)));
                    continue;
                }
                identity ??= Identity(paths[0], series);
                if (kind == OverlayKind.Labels)
                {
                    if (labels is not null)
                        throw new SceneException($"Two segmentations given ('{path}' is the second); give one.");
                    (labels, infos) = DicomOverlayReader.ReadSegmentation(path, identity, target, cancellationToken);
                }
                else
                {
                    if (uncertainty is not null)
                        throw new SceneException($"Two parametric maps given ('{path}' is the second); give one.");
                    uncertainty = DicomOverlayReader.ReadParametricMap(path, identity, target, cancellationToken);
                }
            }
            var scene = OverlayClassifier.Combine(name, series.Volume, nifti, cancellationToken);
            if (labels is null && uncertainty is null)
                return scene;
            if (labels is not null && scene.Labels is not null)
                throw new SceneException("Both a DICOM SEG and a NIfTI label map were given; give one.");
            if (uncertainty is not null && scene.Uncertainty is not null)
                throw new SceneException("Both a DICOM Parametric Map and a NIfTI uncertainty map were given; give one.");
            return labels is not null
                ? new ViewerScene(name, series.Volume, labels, uncertainty ?? scene.Uncertainty, infos)
                : new ViewerScene(name, series.Volume, scene.Labels, uncertainty, scene.Labels is null ? null : scene.LabelInfos);
        }, cancellationToken);
    }

    private static SeriesIdentity Identity(string folder, AssembledSeries series)
    {
        string? seriesUid = null;
        var first = series.Slices.Count > 0 ? Path.Combine(folder, Path.GetFileName(series.Slices[0].Source)) : null;
        if (first is not null && File.Exists(first))
            seriesUid = DicomFile.Open(first).Dataset.GetStringOrDefault(DicomTags.SeriesInstanceUID);
        return new SeriesIdentity(seriesUid, series.Slices.FirstOrDefault()?.FrameOfReferenceUid);
    }
}
