namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>One presentation data value: a fragment of a command or data set. Data is valid until the next read.</summary>
internal readonly record struct Pdv(byte ContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data);
