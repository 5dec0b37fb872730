// Builds the Polly pipeline of one destination: retry (exponential backoff with jitter) around a circuit
// breaker around a per-attempt timeout. An open circuit is not retried inside the pipeline: the job-level
// attempt fails fast and is scheduled again, so a down PACS sees no retry storm.
using Microsoft.Extensions.Logging;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace PacsSeg.Plugin.Export;

public sealed class ExportPipelineFactory(TimeProvider time, ILogger<ExportPipelineFactory> logger)
{
    public ResiliencePipeline Create(ExportDestinationOptions d)
    {
        var builder = new ResiliencePipelineBuilder { Name = d.Name, TimeProvider = time };
        if (d.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not BrokenCircuitException and not OperationCanceledException),
                MaxRetryAttempts = d.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(d.BaseDelaySeconds),
                MaxDelay = TimeSpan.FromSeconds(d.MaxDelaySeconds),
                OnRetry = args =>
                {
                    ExportLog.Retrying(logger, d.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            FailureRatio = d.BreakerFailureRatio,
            MinimumThroughput = d.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(d.BreakerSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(d.BreakerBreakSeconds),
            OnOpened = args =>
            {
                ExportLog.CircuitOpened(logger, d.Name, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(TimeSpan.FromSeconds(d.TimeoutSeconds));
        return builder.Build();
    }
}
