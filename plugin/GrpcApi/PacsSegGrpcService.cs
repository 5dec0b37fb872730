// The PacsSeg gRPC service's methods (package pacsseg.v1, service PacsSeg).
using PacsSeg.Plugin.Admin;
using PacsSeg.Plugin.DicomWebServer;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Models;

namespace PacsSeg.Plugin.GrpcApi;

public sealed class PacsSegGrpcService(IJobStore store, IModelRegistry models, ServiceHealth health, InferenceQueue queue,
    SegmentAdmission segments, ResultIndex results)
{
    public const string ServiceName = "pacsseg.v1.PacsSeg";
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(200);

    public IEnumerable<IGrpcMethod> Methods(TimeSpan maxWait) =>
    [
        new UnaryMethod<HealthRequest, HealthReply>(ServiceName, "Health", HealthRequest.Parser, (_, call) => HealthAsync(call)),
        new UnaryMethod<ListModelsRequest, ListModelsReply>(ServiceName, "ListModels", ListModelsRequest.Parser, (_, call) => ListModelsAsync(call)),
        new UnaryMethod<GetJobRequest, Job>(ServiceName, "GetJob", GetJobRequest.Parser, (request, call) => GetJobAsync(request, call, maxWait)),
    ];

    private async Task<HealthReply> HealthAsync(GrpcCallContext call)
    {
        var report = await health.CheckAsync(call.CancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<JobState, int> counts = report.DatabaseError is null
            ? await store.CountByStateAsync(call.CancellationToken).ConfigureAwait(false)
            : new Dictionary<JobState, int>();
        var reply = new HealthReply
        {
            Status = report.Ready ? HealthReply.Types.ServingStatus.Serving : HealthReply.Types.ServingStatus.NotServing,
            DatabaseOk = report.DatabaseError is null,
            SpoolNearlyFull = report.SpoolNearlyFull,
            SpoolFreeBytes = report.SpoolFreeBytes,
            InferenceAvailable = report.InferenceAvailable,
            Version = typeof(PacsSegGrpcService).Assembly.GetName().Version?.ToString() ?? "",
            QueueDepth = counts.TryGetValue(JobState.Queued, out int queued) ? queued : 0,
            QueueCapacity = queue.Capacity,
            SegmentCallsActive = segments.Active,
            SegmentCallsCapacity = segments.Capacity,
        };
        foreach (var (state, count) in counts)
            reply.JobsByState[state.ToString()] = count;
        return reply;
    }

    private async Task<ListModelsReply> ListModelsAsync(GrpcCallContext call)
    {
        var reply = new ListModelsReply();
        var installed = await models.ListAsync(call.CancellationToken).ConfigureAwait(false);
        foreach (var m in installed)
        {
            var model = new Model
            {
                Name = m.Name,
                Version = m.Version,
                SizeBytes = m.SizeBytes,
                Error = m.Error ?? "",
                ModifiedAtUnixMs = m.ModifiedAt.ToUnixTimeMilliseconds(),
                Newest = ReferenceEquals(ModelRunner.Newest(installed, m.Name), m),
            };
            model.Classes.AddRange(m.Classes);
            reply.Models.Add(model);
        }
        return reply;
    }

    private async Task<Job> GetJobAsync(GetJobRequest request, GrpcCallContext call, TimeSpan maxWait)
    {
        if (request.JobId <= 0)
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "job_id must be positive.");
        using var waitLimit = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        waitLimit.CancelAfter(maxWait);
        while (true)
        {
            var job = await store.GetJobAsync(request.JobId, call.CancellationToken).ConfigureAwait(false)
                ?? throw new GrpcException(GrpcStatusCode.NotFound, $"Job {request.JobId} does not exist.");
            if (!request.WaitForCompletion || JobStateMachine.IsTerminal(job.State))
                return await DetailAsync(job, call.CancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(WaitPollInterval, waitLimit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!call.CancellationToken.IsCancellationRequested)
            {
                // The server's own wait limit: answer with the current state rather than an error.
                return await DetailAsync(job, call.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Job> DetailAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var message = ToMessage(job);
        foreach (var e in await store.GetEventsAsync(job.Id, cancellationToken).ConfigureAwait(false))
        {
            message.Events.Add(new V1.JobEvent
            {
                AtUnixMs = e.At.ToUnixTimeMilliseconds(),
                FromState = e.From?.ToString() ?? "",
                ToState = e.To.ToString(),
                Detail = e.Detail ?? "",
            });
        }
        foreach (var r in await results.ForJobAsync(job.Id, cancellationToken).ConfigureAwait(false))
        {
            message.Results.Add(new ResultObject
            {
                StudyInstanceUid = r.StudyInstanceUid,
                SeriesInstanceUid = r.SeriesInstanceUid,
                SopInstanceUid = r.SopInstanceUid,
                SopClassUid = r.SopClassUid,
                Modality = r.Modality ?? "",
            });
        }
        return message;
    }

    private static Job ToMessage(JobRecord job) => new()
    {
        Id = job.Id,
        State = job.State.ToString(),
        StudyInstanceUid = job.StudyInstanceUid,
        SeriesInstanceUid = job.SeriesInstanceUid,
        SourceAe = job.SourceAe,
        Model = job.Model ?? "",
        Detail = job.Detail ?? "",
        InstanceCount = job.InstanceCount,
        InferenceAttempts = job.InferenceAttempts,
        ExportAttempts = job.ExportAttempts,
        ResultCount = job.Results.Count,
        SummaryJson = job.SummaryJson ?? "",
        UpdatedAtUnixMs = job.UpdatedAt.ToUnixTimeMilliseconds(),
        CorrelationId = job.CorrelationId,
        Modality = job.Modality ?? "",
        CreatedAtUnixMs = job.CreatedAt.ToUnixTimeMilliseconds(),
    };
}
