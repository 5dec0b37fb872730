// DICOM files of one series -> a volume in patient space (files parsed in parallel, then assembled).
using System.Collections.Concurrent;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Dicom;

public static class DicomSeriesReader
{
    /// <summary>
    /// Reads the files (classic single-frame images or enhanced multi-frame ones) and assembles them into a
    /// volume of real-world values. All files must belong to one series.
    /// </summary>
    /// <exception cref="SeriesAssemblyException">The files do not form one regular volume; Problem says why.</exception>
    /// <exception cref="DicomParseException">A file is not readable DICOM.</exception>
    public static AssembledSeries ReadFiles(IEnumerable<string> paths, SeriesAssemblyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.ToArray();
        if (files.Length == 0)
            throw new SeriesAssemblyException(SeriesProblem.NoSlices, "No files were given.");
        var perFile = new IReadOnlyList<SliceDescriptor>[files.Length];
        var seriesUids = new ConcurrentDictionary<string, string>();
        try
        {
            Parallel.For(0, files.Length, new ParallelOptions { CancellationToken = cancellationToken }, n =>
            {
                var file = DicomFile.Open(files[n]);
                string name = Path.GetFileName(files[n]);
                seriesUids.TryAdd(file.Dataset.GetStringOrDefault(DicomTags.SeriesInstanceUID) ?? "", name);
                perFile[n] = DicomSliceDescriptors.Describe(file.Dataset, file.TransferSyntax, name);
            });
        }
        catch (AggregateException e)
        {
            // Callers get the typed error of the first bad file, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
        if (seriesUids.Count > 1)
            throw new SeriesAssemblyException(SeriesProblem.MixedSeries,
                $"The files belong to {seriesUids.Count} series ({string.Join(", ", seriesUids.Select(p => $"'{p.Key}' e.g. {p.Value}"))}).");
        return SeriesAssembler.Assemble(perFile.SelectMany(d => d), options, cancellationToken);
    }

    /// <summary>Reads every regular file of a folder (not recursive) as one series.</summary>
    public static AssembledSeries ReadDirectory(string directory, SeriesAssemblyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
        return ReadFiles(files, options, cancellationToken);
    }
}
