using Microsoft.Extensions.Logging;

namespace PacsSeg.Dicom.IO;

/// <summary>How to read a dataset.</summary>
public sealed record DicomReadOptions
{
    /// <summary>Defaults: values of 1 MiB or more stay in the file (when reading a file), everything is read.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>
    /// Values at least this long are not loaded when reading from a file: they stay a range of the file
    /// (<see cref="FileDicomBuffer"/>) and are read when asked for.
    /// </summary>
    public long LargeValueThreshold { get; init; } = 1 << 20;

    /// <summary>Stop at the first top-level element whose tag is this or greater (it is not read), e.g. PixelData to read headers only.</summary>
    public DicomTag? StopAtTag { get; init; }

    /// <summary>Deepest nesting of sequences accepted; deeper data is rejected (it is not seen in real files and would exhaust the stack).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Where tolerated problems are logged (they are also collected in the result's warnings).</summary>
    public ILogger? Logger { get; init; }
}
