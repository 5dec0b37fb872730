// Growable big-endian writer for association PDUs with back-patched item lengths.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Network.Pdu;

internal sealed class ItemWriter
{
    private byte[] _buf = new byte[1024];
    private int _len;

    private Span<byte> Grow(int n)
    {
        if (_len + n > _buf.Length)
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + n));
        var s = _buf.AsSpan(_len, n);
        _len += n;
        return s;
    }

    public void Byte(byte b) => Grow(1)[0] = b;

    public void Zeros(int n) => Grow(n).Clear();

    public void UInt16(ushort v) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), v);

    public void UInt32(uint v) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), v);

    public void Bytes(ReadOnlySpan<byte> b) => b.CopyTo(Grow(b.Length));

    public void Ascii(string s) => Encoding.ASCII.GetBytes(s, Grow(Encoding.ASCII.GetByteCount(s)));

    public void AeTitle(string ae)
    {
        if (ae.Length > 16)
            throw new ArgumentException($"AE title '{ae}' is longer than 16 characters.", nameof(ae));
        var s = Grow(16);
        s.Fill((byte)' ');
        Encoding.ASCII.GetBytes(ae, s);
    }

    public void PduHeader(PduType type)
    {
        Byte((byte)type);
        Zeros(5);
    }

    public int BeginItem(byte type)
    {
        Byte(type);
        Zeros(3);
        return _len;
    }

    public void EndItem(int bodyStart)
    {
        int len = _len - bodyStart;
        if (len > ushort.MaxValue)
            throw new InvalidOperationException("PDU item longer than 65535 bytes.");
        BinaryPrimitives.WriteUInt16BigEndian(_buf.AsSpan(bodyStart - 2), (ushort)len);
    }

    public void TextItem(byte type, string text)
    {
        int start = BeginItem(type);
        Ascii(text);
        EndItem(start);
    }

    public byte[] FinishPdu()
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buf.AsSpan(2), (uint)(_len - 6));
        return _buf.AsSpan(0, _len).ToArray();
    }
}
