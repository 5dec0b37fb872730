namespace PacsSeg.Dicom;

/// <summary>A sequence (VR SQ): an ordered list of item datasets.</summary>
public sealed class DicomSequence : DicomItem
{
    private readonly List<DicomDataset> _items = [];

    /// <summary>Creates the sequence with its items.</summary>
    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        foreach (var i in items)
        {
            Add(i);
        }
    }

    /// <summary>The items.</summary>
    public IReadOnlyList<DicomDataset> Items => _items;

    /// <summary>Appends an item.</summary>
    public void Add(DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
    }
}
