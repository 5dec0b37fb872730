namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>What <see cref="PduChannel.ReadAsync"/> got: a PDV, or a whole non-data PDU.</summary>
internal readonly record struct PduEvent(PduType Type, Pdv Pdv, ReadOnlyMemory<byte> Body)
{
    /// <summary>The transport closed cleanly between PDUs.</summary>
    public bool IsClosed => Type == 0;
}
