using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

public class ObservabilityTests
{
    [Test]
    public async Task ServerLogs_OfEachAssociation_CarryOneCorrelationId()
    {
        string tmp = Directory.CreateTempSubdirectory("pacsseg-obs-").FullName;
        try
        {
            var files = TestDicomFiles.MakeCtSeries(tmp, 2);
            var logger = new RecordingLogger<DicomServer>();
            await using (var scp = await ScpFixture.StartAsync(logger: logger))
            {
                var client = new DicomClient(new DicomClientOptions { CallingAe = "OBS" });
                await client.EchoAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, CancellationToken.None);
                await client.StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
                await ClientServerTests.WaitUntil(() => scp.Metrics.ActiveAssociations == 0);
            }
            List<(Microsoft.Extensions.Logging.EventId Id, string Message, Dictionary<string, object?> Scope)> entries;
            lock (logger.Entries)
                entries = logger.Entries.ToList();
            var accepted = entries.Where(e => e.Id.Id == 5003).ToList();
            Assert.That(accepted, Has.Count.EqualTo(2));
            var ids = accepted.Select(e => e.Scope["AssociationId"]).ToList();
            Assert.That(ids.Distinct().Count(), Is.EqualTo(2), "each association has its own id");
            var stored = entries.Where(e => e.Id.Id == 5009).ToList();
            Assert.That(stored, Has.Count.EqualTo(2));
            Assert.That(stored.Select(e => e.Scope["AssociationId"]), Is.All.EqualTo(ids[1]), "store logs carry the id of their association");
            Assert.That(entries.Where(e => e.Id.Id is >= 5002 and < 5020).All(e => e.Scope.ContainsKey("AssociationId")), Is.True);
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    [Test]
    public async Task Metrics_ArePublishedOnTheMeter()
    {
        string tmp = Directory.CreateTempSubdirectory("pacsseg-obs-").FullName;
        try
        {
            var files = TestDicomFiles.MakeCtSeries(tmp, 3);
            long received = 0, bytes = 0;
            await using var scp = await ScpFixture.StartAsync();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DicomNetworkMetrics.MeterName)
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "pacsseg.dicom.instances.received")
                    Interlocked.Add(ref received, value);
                if (instrument.Name == "pacsseg.dicom.bytes.received")
                    Interlocked.Add(ref bytes, value);
            });
            listener.Start();
            await new DicomClient(new DicomClientOptions()).StoreFilesAsync("127.0.0.1", scp.Port, ScpFixture.AeTitle, files, null, CancellationToken.None);
            Assert.That(Interlocked.Read(ref received), Is.EqualTo(3));
            Assert.That(Interlocked.Read(ref bytes), Is.EqualTo(files.Sum(f => TestDicomFiles.DataSetBytes(f).Length)));
            Assert.That(scp.Metrics.BytesReceived, Is.EqualTo(Interlocked.Read(ref bytes)));
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    [Test]
    public void AddDicomServer_RegistersServerMetricsAndValidator()
    {
        var services = new ServiceCollection();
        services.AddDicomServer(o => o.AeTitle = "X");
        Assert.That(services.Any(d => d.ServiceType == typeof(DicomServer) && d.Lifetime == ServiceLifetime.Singleton), Is.True);
        Assert.That(services.Any(d => d.ServiceType == typeof(DicomNetworkMetrics)), Is.True);
        Assert.That(services.Any(d => d.ServiceType == typeof(IValidateOptions<DicomServerOptions>) && d.ImplementationType == typeof(DicomServerOptionsValidator)), Is.True);
    }

    [Test]
    public void OptionsValidator_RejectsBadSettingsWithNamedMessages()
    {
        var r = new DicomServerOptionsValidator().Validate(null, new DicomServerOptions
        {
            AeTitle = "THIS-AE-TITLE-IS-TOO-LONG",
            Port = 70000,
            MaxAssociations = 0,
            AllowedCallers = { new DicomCallerRule { AeTitle = "" } },
        });
        Assert.That(r.Failed, Is.True);
        Assert.That(r.FailureMessage, Does.Contain("AeTitle").And.Contain("Port").And.Contain("MaxAssociations").And.Contain("AllowedCallers"));
        Assert.Throws<OptionsValidationException>(() => new DicomServer(Options.Create(new DicomServerOptions { AeTitle = "" }),
            new TestServices(), Microsoft.Extensions.Logging.Abstractions.NullLogger<DicomServer>.Instance, new DicomNetworkMetrics()));
    }
}
