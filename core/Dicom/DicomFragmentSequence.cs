using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): a basic offset table and the compressed fragments.</summary>
public sealed class DicomFragmentSequence : DicomItem
{
    private readonly List<DicomBuffer> _fragments = [];

    /// <summary>Creates encapsulated pixel data.</summary>
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer offsetTable, params IEnumerable<DicomBuffer> fragments)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(offsetTable);
        OffsetTable = offsetTable;
        _fragments.AddRange(fragments);
    }

    /// <summary>The basic offset table item's value (may be empty).</summary>
    public DicomBuffer OffsetTable { get; }

    /// <summary>The fragments after the offset table.</summary>
    public IReadOnlyList<DicomBuffer> Fragments => _fragments;

    /// <summary>Offsets of each frame's first fragment from the first fragment's item header, from the basic offset table.</summary>
    public uint[] GetOffsets()
    {
        if (OffsetTable.Length % 4 != 0)
        {
            throw new DicomDataException($"Basic offset table length {OffsetTable.Length} of {Tag} is not a multiple of 4.");
        }

        var mem = OffsetTable.GetMemory().Span;
        var result = new uint[mem.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(mem[(i * 4)..]);
        }

        return result;
    }

    /// <summary>Appends a fragment.</summary>
    public void Add(DicomBuffer fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        _fragments.Add(fragment);
    }
}
