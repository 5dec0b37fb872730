// Encoding and decoding of the association PDUs (A-ASSOCIATE-RQ/AC/RJ, A-RELEASE-RQ/RP, A-ABORT).
// P-DATA-TF is handled by PduChannel because it streams.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Network.Pdu;

internal static class PduCodec
{
    private const byte ItemApplicationContext = 0x10;
    private const byte ItemPresentationContextRq = 0x20;
    private const byte ItemPresentationContextAc = 0x21;
    private const byte ItemAbstractSyntax = 0x30;
    private const byte ItemTransferSyntax = 0x40;
    private const byte ItemUserInformation = 0x50;
    private const byte SubMaxLength = 0x51;
    private const byte SubImplementationClass = 0x52;
    private const byte SubAsyncWindow = 0x53;
    private const byte SubRoleSelection = 0x54;
    private const byte SubImplementationVersion = 0x55;
    private const byte SubUserIdentityRq = 0x58;
    private const byte SubUserIdentityAc = 0x59;

    public static AssociateRequest DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var c = new SpanCursor(body);
        var rq = new AssociateRequest { ProtocolVersion = c.ReadUInt16() };
        c.Skip(2);
        rq.CalledAe = c.ReadText(16);
        rq.CallingAe = c.ReadText(16);
        c.Skip(32);
        bool sawAppContext = false, sawUser = false;
        while (c.Remaining > 0)
        {
            var type = ReadItem(ref c, out var item);
            switch (type)
            {
                case ItemApplicationContext:
                    rq.ApplicationContext = SpanCursor.Text(item);
                    sawAppContext = true;
                    break;
                case ItemPresentationContextRq:
                    rq.Contexts.Add(DecodeProposal(item));
                    break;
                case ItemUserInformation:
                    rq.UserInformation = DecodeUserInformation(item);
                    sawUser = true;
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown item type 0x{type:X2} in A-ASSOCIATE-RQ.");
            }
        }
        if (!sawAppContext || !sawUser || rq.Contexts.Count == 0)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                "A-ASSOCIATE-RQ lacks the application context, a presentation context or the user information item.");
        if (rq.Contexts.Select(p => p.Id).Distinct().Count() != rq.Contexts.Count)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Duplicate presentation context ID.");
        return rq;
    }

    public static AssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var c = new SpanCursor(body);
        var ac = new AssociateAccept { ProtocolVersion = c.ReadUInt16() };
        c.Skip(2);
        ac.CalledAe = c.ReadText(16);
        ac.CallingAe = c.ReadText(16);
        c.Skip(32);
        while (c.Remaining > 0)
        {
            var type = ReadItem(ref c, out var item);
            switch (type)
            {
                case ItemApplicationContext:
                    ac.ApplicationContext = SpanCursor.Text(item);
                    break;
                case ItemPresentationContextAc:
                    ac.Contexts.Add(DecodeAnswer(item));
                    break;
                case ItemUserInformation:
                    ac.UserInformation = DecodeUserInformation(item);
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown item type 0x{type:X2} in A-ASSOCIATE-AC.");
            }
        }
        return ac;
    }

    private static byte ReadItem(ref SpanCursor c, out ReadOnlySpan<byte> body)
    {
        byte type = c.ReadByte();
        c.Skip(1);
        int len = c.ReadUInt16();
        body = c.Take(len);
        return type;
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlySpan<byte> body)
    {
        var c = new SpanCursor(body);
        byte id = c.ReadByte();
        c.Skip(3);
        if (id % 2 == 0)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"Presentation context ID {id} is not odd.");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (c.Remaining > 0)
        {
            var type = ReadItem(ref c, out var item);
            if (type == ItemAbstractSyntax)
                abstractSyntax = SpanCursor.Text(item);
            else if (type == ItemTransferSyntax)
                transferSyntaxes.Add(SpanCursor.Text(item));
            else
                throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown sub-item 0x{type:X2} in a presentation context.");
        }
        if (abstractSyntax is null || transferSyntaxes.Count == 0)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue,
                $"Presentation context {id} lacks its abstract syntax or transfer syntaxes.");
        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAnswer DecodeAnswer(ReadOnlySpan<byte> body)
    {
        var c = new SpanCursor(body);
        byte id = c.ReadByte();
        c.Skip(1);
        byte result = c.ReadByte();
        c.Skip(1);
        string ts = "";
        while (c.Remaining > 0)
        {
            var type = ReadItem(ref c, out var item);
            if (type == ItemTransferSyntax)
                ts = SpanCursor.Text(item);
            else
                throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown sub-item 0x{type:X2} in a presentation context answer.");
        }
        if (result > 4)
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"Presentation context result {result} is undefined.");
        return new PresentationContextAnswer(id, (PresentationContextResult)result, ts);
    }

    private static UserInformation DecodeUserInformation(ReadOnlySpan<byte> body)
    {
        var c = new SpanCursor(body);
        var ui = new UserInformation();
        while (c.Remaining > 0)
        {
            var type = ReadItem(ref c, out var item);
            var s = new SpanCursor(item);
            switch (type)
            {
                case SubMaxLength:
                    ui.MaxPduLength = s.ReadUInt32();
                    break;
                case SubImplementationClass:
                    ui.ImplementationClassUid = SpanCursor.Text(item);
                    break;
                case SubImplementationVersion:
                    ui.ImplementationVersionName = SpanCursor.Text(item);
                    break;
                case SubAsyncWindow:
                    ui.MaxOperationsInvoked = s.ReadUInt16();
                    ui.MaxOperationsPerformed = s.ReadUInt16();
                    break;
                case SubRoleSelection:
                    int uidLen = s.ReadUInt16();
                    string uid = SpanCursor.Text(s.Take(uidLen));
                    ui.Roles.Add(new RoleSelection(uid, s.ReadByte() == 1, s.ReadByte() == 1));
                    break;
                case SubUserIdentityRq:
                    byte idType = s.ReadByte();
                    bool positive = s.ReadByte() == 1;
                    byte[] primary = s.Take(s.ReadUInt16()).ToArray();
                    byte[] secondary = s.Take(s.ReadUInt16()).ToArray();
                    ui.Identity = new UserIdentity(idType, positive, primary, secondary);
                    break;
                case SubUserIdentityAc:
                    ui.IdentityServerResponse = s.Take(s.ReadUInt16()).ToArray();
                    break;
                default:
                    // SOP class (common) extended negotiation and future sub-items: PS3.7 D.3.3 lets the
                    // acceptor ignore what it does not support, so skip them.
                    break;
            }
        }
        return ui;
    }

    public static byte[] EncodeAssociateRequest(AssociateRequest rq)
    {
        var w = new ItemWriter();
        w.PduHeader(PduType.AssociateRequest);
        WriteFixedFields(w, rq.ProtocolVersion, rq.CalledAe, rq.CallingAe);
        w.TextItem(ItemApplicationContext, rq.ApplicationContext);
        foreach (var pc in rq.Contexts)
        {
            int start = w.BeginItem(ItemPresentationContextRq);
            w.Byte(pc.Id);
            w.Zeros(3);
            w.TextItem(ItemAbstractSyntax, pc.AbstractSyntax);
            foreach (var ts in pc.TransferSyntaxes)
                w.TextItem(ItemTransferSyntax, ts);
            w.EndItem(start);
        }
        WriteUserInformation(w, rq.UserInformation);
        return w.FinishPdu();
    }

    public static byte[] EncodeAssociateAccept(AssociateAccept ac)
    {
        var w = new ItemWriter();
        w.PduHeader(PduType.AssociateAccept);
        WriteFixedFields(w, ac.ProtocolVersion, ac.CalledAe, ac.CallingAe);
        w.TextItem(ItemApplicationContext, ac.ApplicationContext);
        foreach (var pc in ac.Contexts)
        {
            int start = w.BeginItem(ItemPresentationContextAc);
            w.Byte(pc.Id);
            w.Zeros(1);
            w.Byte((byte)pc.Result);
            w.Zeros(1);
            // PS3.8 9.3.3.2: the transfer syntax sub-item is present but not significant when rejected.
            w.TextItem(ItemTransferSyntax, pc.Result == PresentationContextResult.Acceptance ? pc.TransferSyntax : "");
            w.EndItem(start);
        }
        WriteUserInformation(w, ac.UserInformation);
        return w.FinishPdu();
    }

    public static byte[] EncodeAssociateReject(RejectResult result, RejectReason reason)
    {
        var pdu = new byte[10];
        pdu[0] = (byte)PduType.AssociateReject;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), 4);
        pdu[7] = (byte)result;
        pdu[8] = (byte)((ushort)reason >> 8);
        pdu[9] = (byte)((ushort)reason & 0xFF);
        return pdu;
    }

    public static byte[] EncodeReleaseRequest() => EncodeFourBytePdu(PduType.ReleaseRequest, 0, 0);

    public static byte[] EncodeReleaseResponse() => EncodeFourBytePdu(PduType.ReleaseResponse, 0, 0);

    public static byte[] EncodeAbort(AbortSource source, AbortReason reason) =>
        EncodeFourBytePdu(PduType.Abort, (byte)source, (byte)reason);

    private static byte[] EncodeFourBytePdu(PduType type, byte b3, byte b4)
    {
        var pdu = new byte[10];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), 4);
        pdu[8] = b3;
        pdu[9] = b4;
        return pdu;
    }

    private static void WriteFixedFields(ItemWriter w, ushort version, string called, string calling)
    {
        w.UInt16(version);
        w.Zeros(2);
        w.AeTitle(called);
        w.AeTitle(calling);
        w.Zeros(32);
    }

    private static void WriteUserInformation(ItemWriter w, UserInformation ui)
    {
        int start = w.BeginItem(ItemUserInformation);
        int sub = w.BeginItem(SubMaxLength);
        w.UInt32(ui.MaxPduLength);
        w.EndItem(sub);
        w.TextItem(SubImplementationClass, ui.ImplementationClassUid ?? DicomNetworkUids.ImplementationClassUid);
        if (ui.MaxOperationsInvoked is { } inv)
        {
            sub = w.BeginItem(SubAsyncWindow);
            w.UInt16(inv);
            w.UInt16(ui.MaxOperationsPerformed ?? 1);
            w.EndItem(sub);
        }
        foreach (var role in ui.Roles)
        {
            sub = w.BeginItem(SubRoleSelection);
            w.UInt16((ushort)Encoding.ASCII.GetByteCount(role.SopClassUid));
            w.Ascii(role.SopClassUid);
            w.Byte(role.ScuRole ? (byte)1 : (byte)0);
            w.Byte(role.ScpRole ? (byte)1 : (byte)0);
            w.EndItem(sub);
        }
        w.TextItem(SubImplementationVersion, ui.ImplementationVersionName ?? DicomNetworkUids.ImplementationVersionName);
        if (ui.Identity is { } id)
        {
            sub = w.BeginItem(SubUserIdentityRq);
            w.Byte(id.Type);
            w.Byte(id.PositiveResponseRequested ? (byte)1 : (byte)0);
            w.UInt16((ushort)id.PrimaryField.Length);
            w.Bytes(id.PrimaryField);
            w.UInt16((ushort)id.SecondaryField.Length);
            w.Bytes(id.SecondaryField);
            w.EndItem(sub);
        }
        if (ui.IdentityServerResponse is { } resp)
        {
            sub = w.BeginItem(SubUserIdentityAc);
            w.UInt16((ushort)resp.Length);
            w.Bytes(resp);
            w.EndItem(sub);
        }
        w.EndItem(start);
    }
}
