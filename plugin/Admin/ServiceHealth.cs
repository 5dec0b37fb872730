// Readiness: the job store answers and the spool can take instances. Inference availability is reported
// but does not make the service unready: instances are still received, routed and queued safely.
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.Admin;

public sealed class ServiceHealth(IJobStore store, ISpool spool, IEnumerable<IInferenceEngine> engines)
{
    public bool InferenceAvailable { get; } = engines.Any();

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        string? databaseError = null;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            await store.PingAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            databaseError = ex.Message;
        }
        var capacity = spool.GetCapacity();
        return new HealthReport(databaseError is null && !capacity.IsNearlyFull, databaseError, capacity.IsNearlyFull, capacity.AvailableBytes, InferenceAvailable);
    }
}
