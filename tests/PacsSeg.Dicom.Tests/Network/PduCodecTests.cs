using System.Buffers.Binary;
using PacsSeg.Dicom.Network;
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Tests.Network;

public class PduCodecTests
{
    private static AssociateRequest SampleRequest()
    {
        var rq = new AssociateRequest { CalledAe = "SEGPLUGIN", CallingAe = "MODALITY" };
        rq.Contexts.Add(new PresentationContextProposal(1, DicomNetworkUids.Verification, new[] { DicomNetworkUids.ImplicitVRLittleEndian }));
        rq.Contexts.Add(new PresentationContextProposal(3, DicomNetworkUids.CTImageStorage, new[] { DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian }));
        rq.UserInformation = new UserInformation
        {
            MaxPduLength = 65536,
            ImplementationClassUid = "1.2.3.4",
            ImplementationVersionName = "TEST_1",
            MaxOperationsInvoked = 1,
            MaxOperationsPerformed = 1,
            Identity = new UserIdentity(2, true, "user"u8.ToArray(), "secret"u8.ToArray()),
        };
        rq.UserInformation.Roles.Add(new RoleSelection(DicomNetworkUids.CTImageStorage, true, false));
        return rq;
    }

    [Test]
    public void AssociateRequest_EncodeThenDecode_KeepsEveryItem()
    {
        var bytes = PduCodec.EncodeAssociateRequest(SampleRequest());
        Assert.That(bytes[0], Is.EqualTo(0x01));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)), Is.EqualTo((uint)bytes.Length - 6));
        var rq = PduCodec.DecodeAssociateRequest(bytes.AsSpan(6));
        Assert.Multiple(() =>
        {
            Assert.That(rq.CalledAe, Is.EqualTo("SEGPLUGIN"));
            Assert.That(rq.CallingAe, Is.EqualTo("MODALITY"));
            Assert.That(rq.Contexts, Has.Count.EqualTo(2));
            Assert.That(rq.Contexts[1].TransferSyntaxes, Is.EqualTo(new[] { DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian }));
            Assert.That(rq.UserInformation.MaxPduLength, Is.EqualTo(65536));
            Assert.That(rq.UserInformation.ImplementationClassUid, Is.EqualTo("1.2.3.4"));
            Assert.That(rq.UserInformation.ImplementationVersionName, Is.EqualTo("TEST_1"));
            Assert.That(rq.UserInformation.MaxOperationsInvoked, Is.EqualTo(1));
            Assert.That(rq.UserInformation.Roles.Single().ScuRole, Is.True);
            Assert.That(rq.UserInformation.Identity!.PrimaryField, Is.EqualTo("user"u8.ToArray()));
            Assert.That(rq.UserInformation.Identity!.SecondaryField, Is.EqualTo("secret"u8.ToArray()));
        });
    }

    [Test]
    public void AssociateAccept_EncodeThenDecode_KeepsResultsAndMaxLength()
    {
        var ac = new AssociateAccept { CalledAe = "A", CallingAe = "B" };
        ac.Contexts.Add(new PresentationContextAnswer(1, PresentationContextResult.Acceptance, DicomNetworkUids.ExplicitVRLittleEndian));
        ac.Contexts.Add(new PresentationContextAnswer(3, PresentationContextResult.TransferSyntaxesNotSupported, ""));
        ac.UserInformation = new UserInformation { MaxPduLength = 12345, IdentityServerResponse = Array.Empty<byte>() };
        var bytes = PduCodec.EncodeAssociateAccept(ac);
        var back = PduCodec.DecodeAssociateAccept(bytes.AsSpan(6));
        Assert.That(back.Contexts.Select(c => c.Result), Is.EqualTo(new[] { PresentationContextResult.Acceptance, PresentationContextResult.TransferSyntaxesNotSupported }));
        Assert.That(back.Contexts[0].TransferSyntax, Is.EqualTo(DicomNetworkUids.ExplicitVRLittleEndian));
        Assert.That(back.UserInformation.MaxPduLength, Is.EqualTo(12345u));
        Assert.That(back.UserInformation.IdentityServerResponse, Is.Empty);
    }

    [Test]
    public void DecodeAssociateRequest_WhenItemLengthOverrunsPdu_ThrowsProtocolError()
    {
        var bytes = PduCodec.EncodeAssociateRequest(SampleRequest());
        // First item after the 68-byte fixed part is the application context: make its length huge.
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6 + 68 + 2), 0xFFF0);
        var e = Assert.Throws<DicomProtocolException>(() => PduCodec.DecodeAssociateRequest(bytes.AsSpan(6)));
        Assert.That(e!.Reason, Is.EqualTo(AbortReason.InvalidPduParameterValue));
    }

    [TestCase(0x01u, 0xFFFFFFF0u)]
    [TestCase(0x04u, 0xFFFFFFFFu)]
    [TestCase(0x04u, 0x80000000u)]
    [TestCase(0x05u, 0xFFFFFFFEu)]
    public async Task Read_WhenLengthIsNear4GiB_RejectsBeforeAllocating(uint type, uint length)
    {
        var header = new byte[6];
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        using var channel = new PduChannel(new MemoryStream(header), 256 * 1024);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAsync<DicomProtocolException>(async () => await channel.ReadAsync(CancellationToken.None));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(e!.Reason, Is.EqualTo(AbortReason.InvalidPduParameterValue));
        Assert.That(allocated, Is.LessThan(1 << 20));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Read_WhenPduIsTruncated_ReportsAbortedAssociation()
    {
        var bytes = PduCodec.EncodeAssociateRequest(SampleRequest());
        using var channel = new PduChannel(new MemoryStream(bytes, 0, bytes.Length / 2), 256 * 1024);
        Assert.ThrowsAsync<DicomAssociationAbortedException>(async () => await channel.ReadAsync(CancellationToken.None));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Read_WhenPdvItemOverrunsPdu_ThrowsProtocolError()
    {
        // P-DATA-TF of 10 bytes whose single PDV claims 100.
        var pdu = new byte[] { 0x04, 0, 0, 0, 0, 10, 0, 0, 0, 100, 1, 3, 0, 0, 0, 0 };
        using var channel = new PduChannel(new MemoryStream(pdu), 256 * 1024);
        Assert.ThrowsAsync<DicomProtocolException>(async () => await channel.ReadAsync(CancellationToken.None));
        await Task.CompletedTask;
    }

    [Test]
    public async Task Read_UnknownPduType_ThrowsUnrecognizedPdu()
    {
        var pdu = new byte[] { 0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0 };
        using var channel = new PduChannel(new MemoryStream(pdu), 256 * 1024);
        var e = Assert.ThrowsAsync<DicomProtocolException>(async () => await channel.ReadAsync(CancellationToken.None));
        Assert.That(e!.Reason, Is.EqualTo(AbortReason.UnrecognizedPdu));
        await Task.CompletedTask;
    }

    [Test]
    public async Task SendPdvs_FragmentsToPeerMaximum_AndReadBackInOrder()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var wire = new MemoryStream();
        using (var w = new PduChannel(wire, 256 * 1024) { MaxSendPduLength = 4096 })
            await w.SendPdvsAsync(1, false, data, 1 << 20, CancellationToken.None);
        wire.Position = 0;
        using var r = new PduChannel(wire, 4096);
        var got = new MemoryStream();
        int fragments = 0;
        while (true)
        {
            var ev = await r.ReadAsync(CancellationToken.None);
            got.Write(ev.Pdv.Data.Span);
            fragments++;
            Assert.That(ev.Pdv.ContextId, Is.EqualTo(1));
            if (ev.Pdv.IsLast)
                break;
        }
        Assert.That(fragments, Is.EqualTo(3));
        Assert.That(got.ToArray(), Is.EqualTo(data));
    }
}
