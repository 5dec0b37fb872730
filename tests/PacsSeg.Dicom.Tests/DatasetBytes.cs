// Builds raw little endian element encodings by hand, to make malformed data the writer would never produce.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Tests;

internal sealed class DatasetBytes
{
    private readonly MemoryStream _s = new();

    public DatasetBytes Explicit(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        U16(group).U16(element);
        _s.Write(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OW" or "OF" or "SQ" or "UN" or "UT" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV")
        {
            U16(0).U32(length ?? (uint)value.Length);
        }
        else
        {
            U16((ushort)(length ?? (uint)value.Length));
        }

        _s.Write(value);
        return this;
    }

    public DatasetBytes Implicit(ushort group, ushort element, byte[] value, uint? length = null)
    {
        U16(group).U16(element).U32(length ?? (uint)value.Length);
        _s.Write(value);
        return this;
    }

    public DatasetBytes Raw(params byte[] bytes)
    {
        _s.Write(bytes);
        return this;
    }

    public DatasetBytes Item(uint length = 0xFFFFFFFF) => U16(0xFFFE).U16(0xE000).U32(length);

    public DatasetBytes ItemEnd() => U16(0xFFFE).U16(0xE00D).U32(0);

    public DatasetBytes SequenceEnd() => U16(0xFFFE).U16(0xE0DD).U32(0);

    public DatasetBytes U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _s.Write(b);
        return this;
    }

    public DatasetBytes U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _s.Write(b);
        return this;
    }

    public byte[] ToArray() => _s.ToArray();

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
