// A Part 10 file: preamble, file meta information (group 0002) and the dataset, read and written.
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom;

/// <summary>A DICOM Part 10 file (or a bare dataset read as one).</summary>
public sealed class DicomFile
{
    /// <summary>Creates a file for a dataset; the meta information is filled from the dataset when saved.</summary>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax? transferSyntax = null)
        : this(new DicomDataset(), dataset, transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, [], null)
    {
    }

    internal DicomFile(DicomDataset meta, DicomDataset dataset, DicomTransferSyntax transferSyntax, IReadOnlyList<DicomParseWarning> warnings, DicomTag? stoppedAt)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        FileMetaInformation = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Warnings = warnings;
        StoppedAt = stoppedAt;
    }

    /// <summary>The file meta information (group 0002); empty for files that had none.</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The dataset.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was read in (and is written in by default).</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Problems the reader tolerated.</summary>
    public IReadOnlyList<DicomParseWarning> Warnings { get; }

    /// <summary>The tag reading stopped at when <see cref="DicomReadOptions.StopAtTag"/> was used and reached; null if read to the end.</summary>
    public DicomTag? StoppedAt { get; }

    /// <summary>Reads a file. Large values stay in the file until read, so the file must stay in place while the dataset is used.</summary>
    /// <exception cref="DicomParseException">Truncated or self-contradictory data.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return DicomFileReader.Read(stream, Path.GetFullPath(path), options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads a file from a stream (all values are loaded; nothing refers back to the stream afterwards).</summary>
    public static DicomFile Open(Stream stream, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DicomFileReader.Read(stream, null, options ?? DicomReadOptions.Default);
    }

    /// <summary>Writes the file: preamble, meta information (made from the dataset) and the dataset.</summary>
    public void Save(string path, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temp = path + ".partial";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Save(stream, options);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the file to a stream.</summary>
    public void Save(Stream stream, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        DicomWriter.WriteFile(stream, Dataset, options?.TransferSyntax ?? TransferSyntax, FileMetaInformation, options ?? DicomWriteOptions.Default);
    }
}
