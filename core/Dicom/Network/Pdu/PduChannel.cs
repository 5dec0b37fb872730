// Reads and writes upper-layer PDUs on a byte stream. Every length from the wire is checked against
// the limit for its PDU type before a buffer is sized, so a length near 2^32 costs nothing.
using System.Buffers;
using System.Buffers.Binary;

namespace PacsSeg.Dicom.Network.Pdu;

internal sealed class PduChannel : IDisposable
{
    /// <summary>Largest A-ASSOCIATE-RQ/AC we read: 128 contexts with many transfer syntaxes fit easily.</summary>
    public const int MaxAssociationPduLength = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[6];
    private byte[] _body = Array.Empty<byte>();
    private int _bodyLength;
    private int _pdvPos;
    private bool _inDataPdu;
    private byte[] _send = Array.Empty<byte>();

    public PduChannel(Stream stream, uint maxReceivePduLength)
    {
        _stream = stream;
        MaxReceivePduLength = maxReceivePduLength;
    }

    /// <summary>The limit we advertised: a P-DATA-TF PDU longer than this is a protocol error.</summary>
    public uint MaxReceivePduLength { get; }

    /// <summary>The limit the peer advertised (0 = none), capped by the caller before sending.</summary>
    public uint MaxSendPduLength { get; set; } = 16384;

    public long BytesReceived { get; private set; }

    public async ValueTask<PduEvent> ReadAsync(CancellationToken ct)
    {
        if (_inDataPdu && _pdvPos < _bodyLength)
            return new PduEvent(PduType.DataTransfer, NextPdv(), default);
        _inDataPdu = false;

        int got = await ReadAtLeastAsync(_header, 6, ct).ConfigureAwait(false);
        if (got == 0)
            return default;
        if (got < 6)
            throw new DicomAssociationAbortedException("Connection closed inside a PDU header.");
        var type = (PduType)_header[0];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        long limit = type switch
        {
            PduType.AssociateRequest or PduType.AssociateAccept => MaxAssociationPduLength,
            PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => 4,
            PduType.DataTransfer => MaxReceivePduLength,
            _ => throw new DicomProtocolException(AbortReason.UnrecognizedPdu, $"Unknown PDU type 0x{_header[0]:X2}."),
        };
        if (length > limit)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                $"{type} PDU length {length} exceeds the limit of {limit}.");
        if (limit == 4 && length != 4)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"{type} PDU length {length} is not 4.");
        int len = (int)length;
        if (_body.Length < len)
        {
            if (_body.Length > 0)
                ArrayPool<byte>.Shared.Return(_body);
            _body = ArrayPool<byte>.Shared.Rent(Math.Max(len, 4096));
        }
        if (len > 0 && await ReadAtLeastAsync(_body, len, ct).ConfigureAwait(false) < len)
            throw new DicomAssociationAbortedException($"Connection closed inside a {type} PDU.");
        BytesReceived += 6 + len;
        _bodyLength = len;
        if (type != PduType.DataTransfer)
            return new PduEvent(type, default, _body.AsMemory(0, len));
        if (len < 6)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "P-DATA-TF PDU without a complete PDV item.");
        _inDataPdu = true;
        _pdvPos = 0;
        return new PduEvent(PduType.DataTransfer, NextPdv(), default);
    }

    private Pdv NextPdv()
    {
        int left = _bodyLength - _pdvPos;
        if (left < 6)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Truncated PDV item header.");
        uint itemLength = BinaryPrimitives.ReadUInt32BigEndian(_body.AsSpan(_pdvPos));
        if (itemLength < 2 || itemLength > (uint)(left - 4))
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                $"PDV item length {itemLength} does not fit the {left - 4} bytes left in the PDU.");
        byte ctx = _body[_pdvPos + 4];
        byte header = _body[_pdvPos + 5];
        if ((header & 0xFC) != 0)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"Reserved bits set in PDV header 0x{header:X2}.");
        var data = _body.AsMemory(_pdvPos + 6, (int)itemLength - 2);
        _pdvPos += 4 + (int)itemLength;
        return new Pdv(ctx, (header & 1) != 0, (header & 2) != 0, data);
    }

    private async ValueTask<int> ReadAtLeastAsync(byte[] buffer, int count, CancellationToken ct)
    {
        int total = 0;
        while (total < count)
        {
            int n = await _stream.ReadAsync(buffer.AsMemory(total, count - total), ct).ConfigureAwait(false);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    public async ValueTask WriteAsync(byte[] pdu, CancellationToken ct)
    {
        await _stream.WriteAsync(pdu, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Largest PDV payload per PDU given the peer's limit and our own send cap.</summary>
    private int MaxPdvData(int sendCap)
    {
        long peer = MaxSendPduLength == 0 ? sendCap : Math.Min(MaxSendPduLength, (uint)sendCap);
        return (int)Math.Max(peer - 6, 256);
    }

    private Span<byte> SendBuffer(int size)
    {
        if (_send.Length < size)
        {
            if (_send.Length > 0)
                ArrayPool<byte>.Shared.Return(_send);
            _send = ArrayPool<byte>.Shared.Rent(size);
        }
        return _send;
    }

    /// <summary>Sends a whole in-memory command or data set, fragmented to the peer's PDU limit.</summary>
    public async ValueTask SendPdvsAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> data, int sendCap, CancellationToken ct)
    {
        int max = MaxPdvData(sendCap);
        int pos = 0;
        do
        {
            int n = Math.Min(max, data.Length - pos);
            bool last = pos + n == data.Length;
            int total = FillPduHeader(contextId, isCommand, last, n);
            data.Span.Slice(pos, n).CopyTo(_send.AsSpan(12));
            await _stream.WriteAsync(_send.AsMemory(0, total), ct).ConfigureAwait(false);
            pos += n;
        }
        while (pos < data.Length);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Streams <paramref name="length"/> bytes of a data set from <paramref name="source"/>.</summary>
    public async ValueTask SendPdvsAsync(byte contextId, Stream source, long length, int sendCap, CancellationToken ct)
    {
        int max = MaxPdvData(sendCap);
        long left = length;
        do
        {
            int n = (int)Math.Min(max, left);
            bool last = n == left;
            int total = FillPduHeader(contextId, false, last, n);
            await source.ReadExactlyAsync(_send.AsMemory(12, n), ct).ConfigureAwait(false);
            await _stream.WriteAsync(_send.AsMemory(0, total), ct).ConfigureAwait(false);
            left -= n;
        }
        while (left > 0);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    private int FillPduHeader(byte contextId, bool isCommand, bool last, int n)
    {
        var buf = SendBuffer(12 + n);
        buf[0] = (byte)PduType.DataTransfer;
        buf[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(buf[2..], (uint)(6 + n));
        BinaryPrimitives.WriteUInt32BigEndian(buf[6..], (uint)(2 + n));
        buf[10] = contextId;
        buf[11] = (byte)((isCommand ? 1 : 0) | (last ? 2 : 0));
        return 12 + n;
    }

    public void Dispose()
    {
        if (_body.Length > 0)
            ArrayPool<byte>.Shared.Return(_body);
        if (_send.Length > 0)
            ArrayPool<byte>.Shared.Return(_send);
        _body = _send = Array.Empty<byte>();
    }
}
