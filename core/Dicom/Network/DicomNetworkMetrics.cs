// Counters of the DICOM network layer, published on a Meter (for OpenTelemetry / Prometheus exporters)
// and readable directly (for the admin API and tests).
using System.Diagnostics.Metrics;

namespace PacsSeg.Dicom.Network;

public sealed class DicomNetworkMetrics : IDisposable
{
    public const string MeterName = "PacsSeg.Dicom.Network";

    private readonly Meter _meter;
    private readonly Counter<long> _associationsAccepted;
    private readonly Counter<long> _associationsRejected;
    private readonly Counter<long> _associationsAborted;
    private readonly Counter<long> _instancesReceived;
    private readonly Counter<long> _instancesFailed;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _instancesSent;
    private long _accepted, _rejected, _aborted, _received, _failed, _bytes, _sent, _active;

    public DicomNetworkMetrics()
    {
        _meter = new Meter(MeterName);
        _associationsAccepted = _meter.CreateCounter<long>("pacsseg.dicom.associations.accepted");
        _associationsRejected = _meter.CreateCounter<long>("pacsseg.dicom.associations.rejected");
        _associationsAborted = _meter.CreateCounter<long>("pacsseg.dicom.associations.aborted");
        _instancesReceived = _meter.CreateCounter<long>("pacsseg.dicom.instances.received");
        _instancesFailed = _meter.CreateCounter<long>("pacsseg.dicom.instances.failed");
        _bytesReceived = _meter.CreateCounter<long>("pacsseg.dicom.bytes.received", "By");
        _instancesSent = _meter.CreateCounter<long>("pacsseg.dicom.instances.sent");
        _meter.CreateObservableGauge("pacsseg.dicom.associations.active", () => Interlocked.Read(ref _active));
    }

    public long AssociationsAccepted => Interlocked.Read(ref _accepted);
    public long AssociationsRejected => Interlocked.Read(ref _rejected);
    public long AssociationsAborted => Interlocked.Read(ref _aborted);
    public long InstancesReceived => Interlocked.Read(ref _received);
    public long InstancesFailed => Interlocked.Read(ref _failed);
    public long BytesReceived => Interlocked.Read(ref _bytes);
    public long InstancesSent => Interlocked.Read(ref _sent);
    public long ActiveAssociations => Interlocked.Read(ref _active);

    internal void AssociationAccepted() { Interlocked.Increment(ref _accepted); _associationsAccepted.Add(1); }
    internal void AssociationRejected() { Interlocked.Increment(ref _rejected); _associationsRejected.Add(1); }
    internal void AssociationAborted() { Interlocked.Increment(ref _aborted); _associationsAborted.Add(1); }
    internal void InstanceReceived(bool ok) 
    {
        if (ok) { Interlocked.Increment(ref _received); _instancesReceived.Add(1); }
        else { Interlocked.Increment(ref _failed); _instancesFailed.Add(1); }
    }
    internal void AddBytesReceived(long n) { Interlocked.Add(ref _bytes, n); _bytesReceived.Add(n); }
    internal void InstanceSent() { Interlocked.Increment(ref _sent); _instancesSent.Add(1); }
    internal void ConnectionOpened() => Interlocked.Increment(ref _active);
    internal void ConnectionClosed() => Interlocked.Decrement(ref _active);

    public void Dispose() => _meter.Dispose();
}
