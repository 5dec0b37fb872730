// The element parser shared by file and stream reading: explicit/implicit VR, both byte orders, defined and
// undefined lengths, sequences, encapsulated pixel data; every length is checked against what is left first.
using PacsSeg.Dicom.Logging;

namespace PacsSeg.Dicom.IO;

internal sealed class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag Item = new(0xFFFE, 0xE000);
    private static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    private static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly DicomInput _in;
    private readonly DicomReadOptions _options;
    private readonly ICollection<DicomParseWarning>? _warnings;

    public DicomParser(DicomInput input, DicomReadOptions options, ICollection<DicomParseWarning>? warnings)
    {
        _in = input;
        _options = options;
        _warnings = warnings;
    }

    public DicomInput Input => _in;

    /// <summary>Set when reading stopped at <see cref="DicomReadOptions.StopAtTag"/>; the element was not consumed.</summary>
    public DicomTag? StoppedAt { get; private set; }

    /// <summary>Reads top-level elements until the data ends, or <paramref name="stop"/> says so for the next tag (not consumed).</summary>
    public void ReadTopLevel(DicomDataset dataset, bool explicitVR, bool littleEndian, Func<DicomTag, bool>? stop)
        => ReadDataset(dataset, explicitVR, littleEndian, long.MaxValue, depth: 0, inUndefinedItem: false, stop);

    // Returns true if it ended on an item delimiter.
    private bool ReadDataset(DicomDataset dataset, bool explicitVR, bool littleEndian, long end, int depth, bool inUndefinedItem, Func<DicomTag, bool>? stop)
    {
        var previous = default(DicomTag);
        var first = true;
        while (true)
        {
            var pos = _in.Position;
            if (pos >= end)
            {
                if (pos > end)
                {
                    throw new DicomParseException("Elements run past the end of their item", pos, previous);
                }

                return false;
            }

            if (!_in.Ensure(4))
            {
                if (_in.Ensure(1))
                {
                    if (depth == 0 && end == long.MaxValue)
                    {
                        Warn(pos, previous, "trailing bytes after the last element were ignored");
                        _in.DiscardBuffered();
                        return false;
                    }

                    throw new DicomParseException("Data ended inside an element header", pos, previous);
                }

                if (inUndefinedItem)
                {
                    throw new DicomParseException("Data ended inside an item without its delimiter", pos, previous);
                }

                if (end != long.MaxValue)
                {
                    throw new DicomParseException($"Data ended {end - pos} bytes before the end of its item", pos, previous);
                }

                return false;
            }

            var tag = PeekTag(littleEndian);
            if (stop is not null && stop(tag))
            {
                return false;
            }

            if (depth == 0 && _options.StopAtTag is { } stopAt && tag >= stopAt)
            {
                StoppedAt = tag;
                return false;
            }

            _in.Advance(4);
            if (tag.Group == 0xFFFE)
            {
                var len = _in.ReadUInt32(littleEndian, tag);
                if (tag == ItemDelimitation)
                {
                    if (inUndefinedItem)
                    {
                        return true;
                    }

                    Warn(pos, tag, "item delimiter outside an undefined-length item was ignored");
                    continue;
                }

                throw new DicomParseException(tag == Item ? "Item outside a sequence" : $"Delimiter {tag} outside a sequence (length {len})", pos, tag);
            }

            if (!first && tag <= previous)
            {
                Warn(pos, tag, tag == previous ? "duplicate element; the last one is kept" : $"elements out of order (after {previous})");
            }

            first = false;
            previous = tag;
            dataset.AddParsed(ReadElement(dataset, tag, explicitVR, littleEndian, end, depth, pos));
        }
    }

    private DicomItem ReadElement(DicomDataset parent, DicomTag tag, bool explicitVR, bool littleEndian, long end, int depth, long pos)
    {
        DicomVR vr;
        uint length;
        var vrFromDictionary = false;
        if (explicitVR && _in.Ensure(2) && DicomVR.TryGet(_in.Peek(2)[0], _in.Peek(2)[1], out var stated))
        {
            _in.Advance(2);
            vr = stated;
            if (vr.Is16BitLength)
            {
                length = _in.ReadUInt16(littleEndian, tag);
            }
            else
            {
                _in.Require(2, tag);
                _in.Advance(2); // reserved
                length = _in.ReadUInt32(littleEndian, tag);
            }
        }
        else
        {
            if (explicitVR)
            {
                Warn(pos, tag, "no valid VR in an explicit VR dataset; read this element as implicit VR");
            }

            vr = ImplicitVR(parent, tag);
            vrFromDictionary = true;
            length = _in.ReadUInt32(littleEndian, tag);
        }

        if (length == UndefinedLength)
        {
            if (tag == PixelData && vr != DicomVR.SQ)
            {
                // Encapsulated pixel data is OB (PS3.5 A.4); keep OW only where the file itself says so.
                return ReadFragments(tag, vr == DicomVR.OW && !vrFromDictionary ? DicomVR.OW : DicomVR.OB, littleEndian, end);
            }

            if (vr == DicomVR.UN)
            {
                // PS3.5 6.2.2: an undefined-length UN is a sequence encoded in implicit VR little endian.
                return ReadSequence(parent, tag, UndefinedLength, false, true, end, depth);
            }

            if (vr != DicomVR.SQ)
            {
                Warn(pos, tag, $"undefined length on VR {vr}; read it as a sequence");
            }

            return ReadSequence(parent, tag, UndefinedLength, explicitVR, littleEndian, end, depth);
        }

        CheckLength(length, end, tag);
        if (vr == DicomVR.SQ)
        {
            return ReadSequence(parent, tag, length, explicitVR, littleEndian, end, depth);
        }

        if ((length & 1) == 1)
        {
            Warn(pos, tag, $"odd value length {length}");
        }

        if (vr == DicomVR.UN && length > 0 && DicomDictionary.Find(tag)?.DefaultVR == DicomVR.SQ)
        {
            return ReadUnknownAsSequence(parent, tag, length, depth, pos);
        }

        if (vr == DicomVR.UN && littleEndian)
        {
            // UN values are encoded as implicit VR little endian would encode them, so a tag this reader
            // knows can take its real VR (as pydicom does): typed accessors then work on it.
            var known = ImplicitVR(parent, tag);
            if (known != DicomVR.UN && known != DicomVR.SQ)
            {
                vr = known;
            }
        }

        return new DicomElement(tag, vr, ReadValue(tag, vr, length, littleEndian, end));
    }

    private DicomBuffer ReadValue(DicomTag tag, DicomVR vr, long length, bool littleEndian, long end)
    {
        if (length == 0)
        {
            return DicomBuffer.Empty;
        }

        if (littleEndian && _in.FilePath is not null && length >= _options.LargeValueThreshold && _in.Length is not null)
        {
            CheckLength(length, end, tag);
            var buffer = new FileDicomBuffer(_in.FilePath, _in.Position, length);
            _in.Skip(length, tag);
            return buffer;
        }

        var bytes = _in.ReadBytes(length, end, tag);
        if (!littleEndian)
        {
            SwapBytes(bytes, vr == DicomVR.AT ? 2 : vr.ValueSize);
        }

        return new MemoryDicomBuffer(bytes);
    }

    private DicomSequence ReadSequence(DicomDataset parent, DicomTag tag, uint length, bool explicitVR, bool littleEndian, long end, int depth)
    {
        if (depth >= _options.MaxDepth)
        {
            throw new DicomParseException($"Sequences nested deeper than {_options.MaxDepth}", _in.Position, tag);
        }

        var sequence = new DicomSequence(tag);
        var seqEnd = length == UndefinedLength ? end : _in.Position + length;
        while (true)
        {
            var pos = _in.Position;
            if (length != UndefinedLength && pos >= seqEnd)
            {
                if (pos > seqEnd)
                {
                    throw new DicomParseException("Items run past the end of their sequence", pos, tag);
                }

                return sequence;
            }

            if (!_in.Ensure(8))
            {
                throw new DicomParseException("Data ended inside a sequence", pos, tag);
            }

            var itemTag = ReadTag(littleEndian);
            var itemLength = _in.ReadUInt32(littleEndian, tag);
            if (itemTag == SequenceDelimitation)
            {
                if (length != UndefinedLength)
                {
                    Warn(pos, tag, "sequence delimiter in a defined-length sequence");
                }

                return sequence;
            }

            if (itemTag != Item)
            {
                throw new DicomParseException($"Expected an item in the sequence, found {itemTag}", pos, tag);
            }

            var item = new DicomDataset { Parent = parent };
            if (itemLength == UndefinedLength)
            {
                var delimited = ReadDataset(item, explicitVR, littleEndian, seqEnd, depth + 1, inUndefinedItem: true, stop: null);
                if (!delimited)
                {
                    Warn(pos, tag, "undefined-length item ended by its sequence's end, without a delimiter");
                }
            }
            else
            {
                CheckLength(itemLength, seqEnd, tag);
                ReadDataset(item, explicitVR, littleEndian, _in.Position + itemLength, depth + 1, inUndefinedItem: false, stop: null);
            }

            sequence.Add(item);
        }
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, bool littleEndian, long end)
    {
        DicomBuffer? offsetTable = null;
        var fragments = new List<DicomBuffer>();
        while (true)
        {
            var pos = _in.Position;
            if (pos >= end || !_in.Ensure(8))
            {
                throw new DicomParseException("Data ended inside encapsulated pixel data", pos, tag);
            }

            var itemTag = ReadTag(littleEndian);
            var itemLength = _in.ReadUInt32(littleEndian, tag);
            if (itemTag == SequenceDelimitation)
            {
                return new DicomFragmentSequence(tag, vr, offsetTable ?? DicomBuffer.Empty, fragments);
            }

            if (itemTag != Item)
            {
                throw new DicomParseException($"Expected a fragment item in encapsulated pixel data, found {itemTag}", pos, tag);
            }

            if (itemLength == UndefinedLength)
            {
                throw new DicomParseException("Fragment with undefined length", pos, tag);
            }

            CheckLength(itemLength, end, tag);
            var value = ReadValue(tag, DicomVR.OB, itemLength, true, end);
            if (offsetTable is null)
            {
                offsetTable = value;
            }
            else
            {
                fragments.Add(value);
            }
        }
    }

    // A UN element that the dictionary knows as SQ (a file converted from implicit VR by a tool that did not
    // know the tag): parse its bytes as an implicit VR sequence; if they are not one, keep the bytes.
    private DicomItem ReadUnknownAsSequence(DicomDataset parent, DicomTag tag, uint length, int depth, long pos)
    {
        var bytes = _in.ReadBytes(length, long.MaxValue, tag);
        try
        {
            using var subInput = new DicomInput(new MemoryStream(bytes, writable: false), _in.Position, null, _in.Position - length);
            var sub = new DicomParser(subInput, _options, _warnings);
            var seq = sub.ReadSequence(parent, tag, length, false, true, _in.Position, depth);
            Warn(pos, tag, "UN value read as the sequence the dictionary says it is");
            return seq;
        }
        catch (DicomParseException)
        {
            Warn(pos, tag, "UN value is not a valid implicit VR sequence; kept as bytes");
            return new DicomElement(tag, DicomVR.UN, new MemoryDicomBuffer(bytes));
        }
    }

    // Where the dictionary allows two VRs, implicit VR data means OW for OB/OW (PS3.5 A.1) and SS for US/SS
    // when the image's Pixel Representation says signed, as dcmtk decides.
    private static DicomVR ImplicitVR(DicomDataset dataset, DicomTag tag)
    {
        var entry = tag.IsPrivate || tag.IsGroupLength ? null : DicomDictionary.Find(tag);
        if (entry is null || entry.ValueRepresentations.Count < 2)
        {
            return entry?.DefaultVR ?? DicomDictionary.GetDefaultVR(tag);
        }

        var vrs = entry.ValueRepresentations;
        if (vrs.Contains(DicomVR.OW) && vrs.Contains(DicomVR.OB))
        {
            return DicomVR.OW;
        }

        if (vrs[0] == DicomVR.US && vrs.Contains(DicomVR.SS))
        {
            for (var d = dataset; d is not null; d = d.Parent)
            {
                if (d.TryGetValue<ushort>(DicomTags.PixelRepresentation, out var rep))
                {
                    return rep == 1 ? DicomVR.SS : DicomVR.US;
                }
            }
        }

        return vrs[0];
    }

    private void CheckLength(long length, long end, DicomTag tag)
    {
        if (length > end - _in.Position || (_in.Remaining is { } rem && length > rem))
        {
            throw new DicomParseException($"Length {length} runs past the end of the data or of its container", _in.Position, tag);
        }
    }

    private DicomTag PeekTag(bool littleEndian)
    {
        var s = _in.Peek(4);
        return littleEndian
            ? new DicomTag((ushort)(s[0] | (s[1] << 8)), (ushort)(s[2] | (s[3] << 8)))
            : new DicomTag((ushort)((s[0] << 8) | s[1]), (ushort)((s[2] << 8) | s[3]));
    }

    private DicomTag ReadTag(bool littleEndian)
    {
        var t = PeekTag(littleEndian);
        _in.Advance(4);
        return t;
    }

    private void Warn(long offset, DicomTag tag, string message)
    {
        _warnings?.Add(new DicomParseWarning(offset, tag, message));
        if (_options.Logger is { } logger)
        {
            DicomLog.ToleratedProblem(logger, tag.ToString(), offset, message);
        }
    }

    private static void SwapBytes(byte[] bytes, int size)
    {
        if (size <= 1)
        {
            return;
        }

        for (var i = 0; i + size <= bytes.Length; i += size)
        {
            Array.Reverse(bytes, i, size);
        }
    }
}
