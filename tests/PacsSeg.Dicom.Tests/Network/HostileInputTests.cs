// Malformed and hostile peers: the SCP must answer A-ABORT or close, never crash or hang, and keep serving.
using System.Buffers.Binary;
using System.Net.Sockets;
using PacsSeg.Dicom.Network;
using PacsSeg.Dicom.Network.Dimse;
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Tests.Network;

public class HostileInputTests
{
    private static Task<ScpFixture> StartFastScpAsync() => ScpFixture.StartAsync(o =>
    {
        o.ArtimTimeout = TimeSpan.FromMilliseconds(700);
        o.IdleTimeout = TimeSpan.FromMilliseconds(700);
        o.MaxAssociations = 64;
    });

    /// <summary>A valid requestor byte stream: associate, C-ECHO, a small C-STORE, release.</summary>
    private static byte[] ValidSession()
    {
        var rq = new AssociateRequest { CalledAe = ScpFixture.AeTitle, CallingAe = "FUZZER" };
        rq.Contexts.Add(new PresentationContextProposal(1, DicomNetworkUids.Verification, new[] { DicomNetworkUids.ImplicitVRLittleEndian }));
        rq.Contexts.Add(new PresentationContextProposal(3, DicomNetworkUids.CTImageStorage, new[] { DicomNetworkUids.ExplicitVRLittleEndian }));
        rq.UserInformation = new UserInformation { MaxPduLength = 16384 };
        var ms = new MemoryStream();
        ms.Write(PduCodec.EncodeAssociateRequest(rq));
        using var ch = new PduChannel(ms, 16384) { MaxSendPduLength = 16384 };
        var echo = new DimseCommand { Field = DimseCommandField.CEchoRequest, HasDataSet = false };
        echo.SetString(DimseCommand.AffectedSopClassUid, DicomNetworkUids.Verification);
        echo.SetUInt16(DimseCommand.MessageId, 1);
        ch.SendPdvsAsync(1, true, echo.Encode(), 16384, CancellationToken.None).AsTask().Wait();
        var store = new DimseCommand { Field = DimseCommandField.CStoreRequest, HasDataSet = true };
        store.SetString(DimseCommand.AffectedSopClassUid, DicomNetworkUids.CTImageStorage);
        store.SetString(DimseCommand.AffectedSopInstanceUid, "1.2.3.4");
        store.SetUInt16(DimseCommand.MessageId, 2);
        ch.SendPdvsAsync(3, true, store.Encode(), 16384, CancellationToken.None).AsTask().Wait();
        // (0008,0018) UI "1.2.3.4" in explicit VR little endian
        var data = new byte[] { 0x08, 0, 0x18, 0, (byte)'U', (byte)'I', 8, 0, (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'3', (byte)'.', (byte)'4', 0 };
        ch.SendPdvsAsync(3, false, data, 16384, CancellationToken.None).AsTask().Wait();
        ms.Write(PduCodec.EncodeReleaseRequest());
        return ms.ToArray();
    }

    /// <summary>Sends bytes, half-closes, and reads until the server closes; returns what it answered.</summary>
    private static async Task<byte[]> SendRawAsync(int port, byte[] bytes, bool halfClose = true, int timeoutMs = 10_000)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var s = client.GetStream();
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            await s.WriteAsync(bytes, cts.Token);
            if (halfClose)
                client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may abort and close before it read everything we send.
        }
        var answer = new MemoryStream();
        var buf = new byte[4096];
        try
        {
            int n;
            while ((n = await s.ReadAsync(buf, cts.Token)) > 0)
                answer.Write(buf, 0, n);
        }
        catch (IOException)
        {
            // Reset by the server after its A-ABORT: fine.
        }
        return answer.ToArray();
    }

    private static bool EndsWithAbort(byte[] answer) =>
        answer.Length >= 10 && answer[^10] == 0x07 && BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(answer.Length - 8)) == 4;

    [Test]
    public async Task ValidSession_RawBytes_GetsAcceptEchoStoreAndReleaseAnswers()
    {
        await using var scp = await StartFastScpAsync();
        var answer = await SendRawAsync(scp.Port, ValidSession());
        Assert.That(answer[0], Is.EqualTo(0x02), "A-ASSOCIATE-AC first");
        Assert.That(answer[^10], Is.EqualTo(0x06), "A-RELEASE-RP last");
        Assert.That(scp.Store.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RandomMutationsOfValidStream_NeverCrashOrHang_AndServerKeepsServing()
    {
        var valid = ValidSession();
        await using var scp = await StartFastScpAsync();
        var rng = new Random(20240501);
        const int rounds = 300;
        var tasks = new List<Task>();
        int aborted = 0;
        for (int i = 0; i < rounds; i++)
        {
            var mutated = (byte[])valid.Clone();
            int kind = rng.Next(4);
            int flips = rng.Next(1, 6);
            for (int f = 0; f < flips; f++)
            {
                int pos = rng.Next(mutated.Length);
                mutated[pos] = kind switch
                {
                    0 => (byte)rng.Next(256),
                    1 => (byte)(mutated[pos] ^ (1 << rng.Next(8))),
                    2 => 0xFF,
                    _ => 0x00,
                };
            }
            if (rng.Next(4) == 0)
                mutated = mutated.AsSpan(0, rng.Next(mutated.Length)).ToArray();
            tasks.Add(Task.Run(async () =>
            {
                var answer = await SendRawAsync(scp.Port, mutated);
                if (EndsWithAbort(answer))
                    Interlocked.Increment(ref aborted);
            }));
            if (tasks.Count == 16)
            {
                await Task.WhenAll(tasks);
                tasks.Clear();
            }
        }
        await Task.WhenAll(tasks);
        Assert.That(aborted, Is.GreaterThan(rounds / 10), "protocol errors should be answered with A-ABORT");
        await ClientServerTests.WaitUntil(() => scp.Metrics.ActiveAssociations == 0);
        var ok = await new DicomClient(new DicomClientOptions { CallingAe = "AFTER" }).EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None);
        Assert.That(ok, Is.EqualTo(DicomStatus.Success));
    }

    [TestCase(0xFFFFFFFFu)]
    [TestCase(0xFFFFFFF0u)]
    [TestCase(0x7FFFFFFFu)]
    public async Task PDataLengthNear4GiB_IsAnsweredWithAbort(uint length)
    {
        await using var scp = await StartFastScpAsync();
        var session = ValidSession();
        int acLength = 6 + (int)BinaryPrimitives.ReadUInt32BigEndian(session.AsSpan(2));
        var bytes = session.AsSpan(0, acLength + 6).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(acLength + 2), length);
        var answer = await SendRawAsync(scp.Port, bytes, halfClose: false);
        Assert.That(EndsWithAbort(answer), Is.True);
        Assert.That(answer[^1], Is.EqualTo((byte)AbortReason.InvalidPduParameterValue));
    }

    [Test]
    public async Task AssociateRequestLengthNear4GiB_IsAnsweredWithAbort()
    {
        await using var scp = await StartFastScpAsync();
        var answer = await SendRawAsync(scp.Port, new byte[] { 0x01, 0, 0xFF, 0xFF, 0xFF, 0xF0 }, halfClose: false);
        Assert.That(EndsWithAbort(answer), Is.True);
    }

    [Test]
    public async Task TruncatedAssociateRequest_ThenSilence_IsClosedAfterArtim()
    {
        await using var scp = await StartFastScpAsync();
        var session = ValidSession();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var answer = await SendRawAsync(scp.Port, session.AsSpan(0, 40).ToArray(), halfClose: false);
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(EndsWithAbort(answer) || answer.Length == 0, Is.True);
        await ClientServerTests.WaitUntil(() => scp.Metrics.ActiveAssociations == 0);
    }

    [Test]
    public async Task SlowLorisSender_IsCutOffEvenThoughBytesKeepComing()
    {
        await using var scp = await StartFastScpAsync();
        var session = ValidSession();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", scp.Port);
        var s = client.GetStream();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        bool cut = false;
        for (int i = 0; i < session.Length && sw.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            try
            {
                await s.WriteAsync(session.AsMemory(i, 1));
                await Task.Delay(100);
                if (client.Client.Poll(0, SelectMode.SelectRead))
                {
                    cut = true;
                    break;
                }
            }
            catch (IOException)
            {
                cut = true;
                break;
            }
        }
        Assert.That(cut, Is.True, "a byte every 100 ms must not keep the association alive");
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task ManyHostileConnections_DoNotGrowMemoryWithoutBound()
    {
        await using var scp = await StartFastScpAsync();
        var huge = new byte[] { 0x04, 0, 0x00, 0x03, 0xFF, 0xFF };
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var tasks = Enumerable.Range(0, 64).Select(_ => SendRawAsync(scp.Port, huge, halfClose: false)).ToArray();
        await Task.WhenAll(tasks);
        await ClientServerTests.WaitUntil(() => scp.Metrics.ActiveAssociations == 0);
        long after = GC.GetTotalMemory(true);
        Assert.That(after - before, Is.LessThan(32L << 20));
    }
}
