// `train import-dicom`: a folder (searched recursively) of DICOM image series and Segmentation objects becomes
// a dataset folder. Each SEG is matched to its source series through its Referenced Series Sequence and must
// share the series' frame of reference; its segments become the dataset's classes by segment label: background
// 0, then the labels in alphabetical order, so a label has the same class id in every case whatever its segment
// number in each SEG. Series without a SEG become unlabeled cases. Case ids are
// generated (case_0000, ...) in the order of the series UIDs, never built from UIDs; import.json keeps the
// mapping back to the UIDs.
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Trainer.Data;

/// <summary>Imports DICOM series + SEG pairs into a dataset folder (nnU-Net layout, NIfTI).</summary>
public static class DicomImporter
{
    public const string MappingFile = "import.json";

    private static readonly DicomReadOptions HeadersOnly = new() { LargeValueThreshold = 16 * 1024 };

    /// <exception cref="DicomImportException">The folder holds no image series, or a SEG does not fit (see the message).</exception>
    public static DicomImportResult Import(string inputFolder, string datasetRoot, string? name = null, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputFolder);
        ArgumentNullException.ThrowIfNull(datasetRoot);
        if (!Directory.Exists(inputFolder))
            throw new DicomImportException($"{inputFolder} is not a folder.");
        var skipped = new List<string>();
        var images = new Dictionary<string, List<(string Path, DicomDataset Header)>>(StringComparer.Ordinal);
        var segmentations = new List<(string Path, DicomDataset Header)>();
        foreach (string path in Directory.EnumerateFiles(inputFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomDataset header;
            try
            {
                header = DicomFile.Open(path, HeadersOnly).Dataset;
            }
            catch (DicomParseException e)
            {
                skipped.Add($"{Path.GetRelativePath(inputFolder, path)}: not DICOM ({e.Message})");
                continue;
            }
            string? sopClass = header.GetStringOrDefault(DicomTags.SOPClassUID);
            if (sopClass == DicomUids.SegmentationStorage.Value)
            {
                segmentations.Add((path, header));
                continue;
            }
            string? series = header.GetStringOrDefault(DicomTags.SeriesInstanceUID);
            if (string.IsNullOrEmpty(series) || !header.Contains(DicomTags.PixelData))
            {
                skipped.Add($"{Path.GetRelativePath(inputFolder, path)}: no image (SOP class {sopClass ?? "none"})");
                continue;
            }
            if (!images.TryGetValue(series, out var list))
                images[series] = list = [];
            list.Add((path, header));
        }
        if (images.Count == 0)
            throw new DicomImportException($"{inputFolder} holds no DICOM image series.");

        // Each SEG to its series; every problem is reported before anything is written.
        var segOf = new Dictionary<string, (string Path, DicomDataset Header)>(StringComparer.Ordinal);
        foreach (var seg in segmentations)
        {
            string sop = seg.Header.GetStringOrDefault(DicomTags.SOPInstanceUID) ?? Path.GetFileName(seg.Path);
            var referenced = seg.Header.GetSequenceItems(DicomTags.ReferencedSeriesSequence)
                .Select(i => i.GetStringOrDefault(DicomTags.SeriesInstanceUID)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (referenced.Count != 1)
                throw new DicomImportException($"SEG {sop} ({Path.GetRelativePath(inputFolder, seg.Path)}) references {referenced.Count} series; exactly one source series is needed.");
            string target = referenced[0];
            if (!images.TryGetValue(target, out var source))
                throw new DicomImportException($"SEG {sop} ({Path.GetRelativePath(inputFolder, seg.Path)}) references series {target}, which is not in {inputFolder}.");
            string? segFrame = seg.Header.GetStringOrDefault(DicomTags.FrameOfReferenceUID);
            string? seriesFrame = source[0].Header.GetStringOrDefault(DicomTags.FrameOfReferenceUID);
            if (segFrame is null || segFrame != seriesFrame)
                throw new DicomImportException($"SEG {sop} is in frame of reference {segFrame ?? "(none)"}, its series {target} in {seriesFrame ?? "(none)"}: a foreign frame of reference cannot be placed on the series.");
            if (!segOf.TryAdd(target, seg))
                throw new DicomImportException($"Series {target} has more than one SEG ({Path.GetRelativePath(inputFolder, segOf[target].Path)} and {Path.GetRelativePath(inputFolder, seg.Path)}); keep one per series.");
        }

        var ordered = images.Keys.Order(StringComparer.Ordinal).ToList();
        var pending = new List<(string Id, Volume<float> Image, Volume<byte>? Label, string?[] Names, DicomImportedCase Case)>();
        for (int n = 0; n < ordered.Count; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string uid = ordered[n];
            var files = images[uid];
            string id = $"case_{n:D4}";
            AssembledSeries series;
            try
            {
                series = DicomSeriesReader.ReadFiles(files.Select(f => f.Path), cancellationToken: cancellationToken);
            }
            catch (SeriesAssemblyException e)
            {
                throw new DicomImportException($"Series {uid} does not form a volume: {e.Message}", e);
            }
            Volume<byte>? label = null;
            string?[] names = [];
            string? segSop = null;
            if (segOf.TryGetValue(uid, out var seg))
            {
                segSop = seg.Header.GetStringOrDefault(DicomTags.SOPInstanceUID);
                (label, names) = ReadLabels(seg.Path, series, files.Select(f => f.Header), uid);
            }
            string study = files[0].Header.GetStringOrDefault(DicomTags.StudyInstanceUID) ?? "";
            pending.Add((id, series.Volume, label, names, new DicomImportedCase(id, study, uid, segSop, series.Volume.SizeZ)));
            progress?.Report((n + 1, ordered.Count));
        }

        var classes = new List<string> { "background" };
        classes.AddRange(pending.SelectMany(p => p.Names).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
        if (classes.Count > 256)
            throw new DicomImportException($"The SEGs name {classes.Count - 1} distinct segments; at most 255 are supported.");
        foreach (var p in pending.Where(p => p.Label is not null))
        {
            var map = new byte[256];
            for (int number = 1; number < p.Names.Length; number++)
            {
                if (p.Names[number] is { } n)
                    map[number] = (byte)classes.FindIndex(c => string.Equals(c, n, StringComparison.OrdinalIgnoreCase));
            }
            var voxels = p.Label!.Voxels;
            for (int i = 0; i < voxels.Length; i++)
                voxels[i] = map[voxels[i]];
        }

        string modality = images[ordered[0]][0].Header.GetStringOrDefault(DicomTags.Modality) ?? "unknown";
        var description = new DatasetDescription
        {
            Name = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetRoot))),
            Description = $"Imported from DICOM: {pending.Count(p => p.Label is not null)} series with a SEG, {pending.Count(p => p.Label is null)} without.",
            ChannelNames = new Dictionary<string, string> { ["0"] = modality == "MR" ? "MRI" : modality },
            Labels = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i),
        };
        var writer = new DatasetWriter(datasetRoot, description);
        foreach (var p in pending)
            writer.Add(p.Id, p.Label is null ? CaseRole.Unlabeled : CaseRole.Labeled, p.Image, p.Label);
        var written = writer.Complete();
        var cases = pending.Select(p => p.Case).ToList();
        StageJson.Write(Path.Combine(datasetRoot, MappingFile), cases);
        return new DicomImportResult(written, cases, skipped);
    }

    // The SEG's segments onto the series' grid (values = segment numbers) and the label of each segment number.
    private static (Volume<byte> Labels, string?[] Names) ReadLabels(string segPath, AssembledSeries series, IEnumerable<DicomDataset> sources, string seriesUid)
    {
        try
        {
            var file = DicomFile.Open(segPath);
            var geometry = SegmentationVolumes.GeometryOf(series, sources);
            var content = SegmentationReader.Read(file.Dataset, file.TransferSyntax, geometry);
            var names = new string?[256];
            foreach (var segment in content.Segments)
            {
                if (segment.Number is < 1 or > 255)
                    throw new DicomImportException($"SEG of series {seriesUid} has segment number {segment.Number}; 1..255 are supported.");
                names[segment.Number] = string.IsNullOrWhiteSpace(segment.Label) ? $"segment_{segment.Number}" : segment.Label.Trim();
            }
            return (SegmentationVolumes.ToLabelVolume(content, series), names);
        }
        catch (Exception e) when (e is DicomDataException or ArgumentException or DicomParseException)
        {
            throw new DicomImportException($"The SEG {Path.GetFileName(segPath)} does not fit series {seriesUid}: {e.Message}", e);
        }
    }
}
