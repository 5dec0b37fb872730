// Bounds-checked big-endian reader over a PDU body: every length is checked against what is left
// before anything is read or allocated, so a hostile length becomes a typed protocol error.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Network.Pdu;

internal ref struct SpanCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public SpanCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public int Remaining => _data.Length - _pos;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                $"Item length {count} exceeds the {Remaining} bytes left in the PDU.");
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public void Skip(int count) => Take(count);

    /// <summary>Reads an ASCII text field, dropping the space and NUL padding DICOM allows.</summary>
    public string ReadText(int count) => Text(Take(count));

    public static string Text(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x7F || (b < 0x20 && b != 0))
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Non-ASCII byte in a PDU text field.");
        }
        return Encoding.ASCII.GetString(bytes).Trim(' ', '\0');
    }
}
