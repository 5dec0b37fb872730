// The DIMSE command set: group 0000, always implicit VR little endian (PS3.7 6.3.1, E.1).
// Kept self-contained and small on purpose; it needs no data dictionary since every element's VR
// is fixed by PS3.7 Annex E.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Network.Dimse;

internal sealed class DimseCommand
{
    public const ushort AffectedSopClassUid = 0x0002;
    public const ushort RequestedSopClassUid = 0x0003;
    public const ushort CommandFieldTag = 0x0100;
    public const ushort MessageId = 0x0110;
    public const ushort MessageIdBeingRespondedTo = 0x0120;
    public const ushort MoveDestination = 0x0600;
    public const ushort Priority = 0x0700;
    public const ushort CommandDataSetType = 0x0800;
    public const ushort Status = 0x0900;
    public const ushort ErrorComment = 0x0902;
    public const ushort AffectedSopInstanceUid = 0x1000;
    public const ushort RemainingSuboperations = 0x1020;
    public const ushort CompletedSuboperations = 0x1021;
    public const ushort FailedSuboperations = 0x1022;
    public const ushort WarningSuboperations = 0x1023;
    public const ushort MoveOriginatorAe = 0x1030;
    public const ushort MoveOriginatorMessageId = 0x1031;

    /// <summary>Value of CommandDataSetType meaning no data set follows.</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Largest command set we accept: real ones are a few hundred bytes.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    private readonly SortedDictionary<ushort, byte[]> _elements = new();

    public DimseCommandField Field
    {
        get => (DimseCommandField)GetUInt16(CommandFieldTag);
        set => SetUInt16(CommandFieldTag, (ushort)value);
    }

    public bool HasDataSet
    {
        get => GetUInt16(CommandDataSetType, NoDataSet) != NoDataSet;
        set => SetUInt16(CommandDataSetType, value ? (ushort)0x0000 : NoDataSet);
    }

    public bool Contains(ushort element) => _elements.ContainsKey(element);

    public void SetUInt16(ushort element, ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        _elements[element] = b;
    }

    public ushort GetUInt16(ushort element, ushort? fallback = null)
    {
        if (_elements.TryGetValue(element, out var b) && b.Length == 2)
            return BinaryPrimitives.ReadUInt16LittleEndian(b);
        if (fallback is { } f)
            return f;
        throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
            $"Command element (0000,{element:X4}) is missing or not a US value.");
    }

    /// <summary>Sets a UI/AE/LO value with the even-length padding its VR needs (NUL for UI, space otherwise).</summary>
    public void SetString(ushort element, string value)
    {
        int n = Encoding.ASCII.GetByteCount(value);
        var b = new byte[n + (n & 1)];
        Encoding.ASCII.GetBytes(value, b);
        if ((n & 1) == 1)
            b[n] = IsUid(element) ? (byte)0 : (byte)' ';
        _elements[element] = b;
    }

    public string? GetString(ushort element) =>
        _elements.TryGetValue(element, out var b) ? Encoding.ASCII.GetString(b).TrimEnd('\0', ' ').TrimStart(' ') : null;

    private static bool IsUid(ushort element) => element is AffectedSopClassUid or RequestedSopClassUid or AffectedSopInstanceUid or 0x1001;

    public byte[] Encode()
    {
        int size = 12;
        foreach (var (_, v) in _elements)
            size += 8 + v.Length;
        var buf = new byte[size];
        var s = buf.AsSpan();
        WriteElement(ref s, 0x0000, BitConverter.GetBytes((uint)(size - 12)));
        foreach (var (el, v) in _elements)
            WriteElement(ref s, el, v);
        return buf;
    }

    private static void WriteElement(ref Span<byte> s, ushort element, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)value.Length);
        value.CopyTo(s[8..]);
        s = s[(8 + value.Length)..];
    }

    public static DimseCommand Decode(ReadOnlySpan<byte> data)
    {
        var cmd = new DimseCommand();
        while (data.Length > 0)
        {
            if (data.Length < 8)
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Truncated element in a command set.");
            ushort group = BinaryPrimitives.ReadUInt16LittleEndian(data);
            ushort element = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            if (group != 0x0000)
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"Element of group {group:X4} inside a command set.");
            if (len > (uint)(data.Length - 8))
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                    $"Command element (0000,{element:X4}) length {len} exceeds the {data.Length - 8} bytes left.");
            if (element != 0x0000)
                cmd._elements[element] = data.Slice(8, (int)len).ToArray();
            data = data[(8 + (int)len)..];
        }
        if (!cmd.Contains(CommandFieldTag))
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Command set without CommandField (0000,0100).");
        return cmd;
    }

    public static DimseCommand Response(DimseCommand request, DimseCommandField field, ushort status)
    {
        var rsp = new DimseCommand { Field = field, HasDataSet = false };
        var sopClass = request.GetString(AffectedSopClassUid) ?? request.GetString(RequestedSopClassUid);
        if (sopClass is not null)
            rsp.SetString(AffectedSopClassUid, sopClass);
        rsp.SetUInt16(MessageIdBeingRespondedTo, request.GetUInt16(MessageId, 0));
        rsp.SetUInt16(Status, status);
        if (request.GetString(AffectedSopInstanceUid) is { } inst)
            rsp.SetString(AffectedSopInstanceUid, inst);
        return rsp;
    }
}
