// Start-up validation of the whole configuration: a bad value stops the service with every problem
// listed at once, instead of failing on the first study that needs it.
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Export;

namespace PacsSeg.Plugin.Configuration;

public sealed class PluginOptionsValidator(IEnumerable<IExportDestinationFactory> destinationFactories) : IValidateOptions<PluginOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok) errors.Add(message);
        }

        Check(!string.IsNullOrWhiteSpace(options.DataDirectory), "PacsSeg:DataDirectory must not be empty.");
        Check(IPAddress.TryParse(options.Listen.Address, out _), $"PacsSeg:Listen:Address '{options.Listen.Address}' is not an IP address.");
        Check(options.Listen.HttpPort is >= 1 and <= 65535, $"PacsSeg:Listen:HttpPort {options.Listen.HttpPort} is outside 1..65535.");
        Check(options.Listen.GrpcPort is >= 1 and <= 65535, $"PacsSeg:Listen:GrpcPort {options.Listen.GrpcPort} is outside 1..65535.");
        Check(options.Listen.HttpPort != options.Listen.GrpcPort,
            "PacsSeg:Listen:HttpPort and GrpcPort must differ (gRPC listens HTTP/2-only).");

        Check(options.Spool.MinFreeBytes >= 0, "PacsSeg:Spool:MinFreeBytes must be >= 0.");
        Check(options.Spool.RetryAfterSeconds > 0, "PacsSeg:Spool:RetryAfterSeconds must be > 0.");
        Check(options.Spool.MaxInstanceBytes > 0, "PacsSeg:Spool:MaxInstanceBytes must be > 0.");

        Check(string.Equals(options.Database.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase),
            $"PacsSeg:Database:Provider '{options.Database.Provider}' is not available in this build (only 'Sqlite').");
        Check(options.Database.BusyTimeoutMilliseconds > 0, "PacsSeg:Database:BusyTimeoutMilliseconds must be > 0.");

        foreach (var key in options.Security.ApiKeys)
            Check(key.Length >= 16, "PacsSeg:Security:ApiKeys: every key needs at least 16 characters.");
        foreach (var token in options.Security.BearerTokens)
            Check(token.Length >= 16, "PacsSeg:Security:BearerTokens: every token needs at least 16 characters.");

        Check(options.Assembly.QuietPeriodSeconds >= 0, "PacsSeg:Assembly:QuietPeriodSeconds must be >= 0.");
        foreach (var (ae, seconds) in options.Assembly.QuietPeriodSecondsByAe)
            Check(seconds >= 0 && ae.Length is > 0 and <= 16, $"PacsSeg:Assembly:QuietPeriodSecondsByAe '{ae}': AE title of 1..16 characters and seconds >= 0.");
        Check(options.Assembly.PollIntervalMilliseconds > 0, "PacsSeg:Assembly:PollIntervalMilliseconds must be > 0.");

        for (int i = 0; i < options.Routing.Rules.Count; i++)
            ValidateRule(options.Routing.Rules[i], $"PacsSeg:Routing:Rules:{i}", errors);
        Check(string.IsNullOrWhiteSpace(options.Routing.RulesFile) || File.Exists(options.Routing.RulesFile),
            $"PacsSeg:Routing:RulesFile '{options.Routing.RulesFile}' does not exist.");

        Check(options.Inference.QueueCapacity > 0, "PacsSeg:Inference:QueueCapacity must be > 0.");
        Check(options.Inference.Devices.All(d => !string.IsNullOrWhiteSpace(d)), "PacsSeg:Inference:Devices has an empty entry.");
        Check(options.Inference.Devices.Distinct(StringComparer.Ordinal).Count() == options.Inference.Devices.Count,
            "PacsSeg:Inference:Devices lists a device twice.");
        Check(options.Inference.RetryDelaySeconds >= 0, "PacsSeg:Inference:RetryDelaySeconds must be >= 0.");
        Check(options.Inference.MaxAttempts >= 1, "PacsSeg:Inference:MaxAttempts must be >= 1.");

        Check(options.Export.MaxAttempts >= 1, "PacsSeg:Export:MaxAttempts must be >= 1.");
        Check(options.Export.AttemptDelaySeconds >= 0, "PacsSeg:Export:AttemptDelaySeconds must be >= 0.");
        Check(options.Export.PollIntervalMilliseconds > 0, "PacsSeg:Export:PollIntervalMilliseconds must be > 0.");
        var kinds = destinationFactories.Select(f => f.Kind).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Export.Destinations.Count; i++)
        {
            var d = options.Export.Destinations[i];
            string at = $"PacsSeg:Export:Destinations:{i}";
            Check(!string.IsNullOrWhiteSpace(d.Name), $"{at}:Name must not be empty.");
            Check(string.IsNullOrWhiteSpace(d.Name) || names.Add(d.Name), $"{at}:Name '{d.Name}' is used twice.");
            Check(kinds.Contains(d.Kind), $"{at}:Kind '{d.Kind}' is not available (available: {string.Join(", ", kinds.Order())}).");
            Check(d.MaxRetries is >= 0 and <= 100, $"{at}:MaxRetries must be in 0..100.");
            Check(d.BaseDelaySeconds is > 0 and <= 3600, $"{at}:BaseDelaySeconds must be in (0, 3600].");
            Check(d.MaxDelaySeconds >= d.BaseDelaySeconds, $"{at}:MaxDelaySeconds must be >= BaseDelaySeconds.");
            Check(d.TimeoutSeconds is >= 0.01 and <= 86400, $"{at}:TimeoutSeconds must be in [0.01, 86400].");
            Check(d.BreakerFailureRatio is > 0 and <= 1, $"{at}:BreakerFailureRatio must be in (0, 1].");
            Check(d.BreakerMinimumThroughput >= 2, $"{at}:BreakerMinimumThroughput must be >= 2.");
            Check(d.BreakerSamplingSeconds >= 0.5, $"{at}:BreakerSamplingSeconds must be >= 0.5.");
            Check(d.BreakerBreakSeconds >= 0.5, $"{at}:BreakerBreakSeconds must be >= 0.5.");
            foreach (var factory in destinationFactories.Where(f => string.Equals(f.Kind, d.Kind, StringComparison.OrdinalIgnoreCase)))
                foreach (var problem in factory.Validate(d))
                    errors.Add($"{at}: {problem}");
        }

        Check(options.Grpc.MaxReceiveMessageBytes > 0, "PacsSeg:Grpc:MaxReceiveMessageBytes must be > 0.");
        Check(options.Grpc.MaxWaitSeconds > 0, "PacsSeg:Grpc:MaxWaitSeconds must be > 0.");
        Check(options.Grpc.MaxConcurrentSegments > 0, "PacsSeg:Grpc:MaxConcurrentSegments must be > 0.");
        Check(options.Grpc.MaxSegmentInputBytes > 0, "PacsSeg:Grpc:MaxSegmentInputBytes must be > 0.");
        Check(options.Grpc.ReplyChunkBytes is >= 1024 and <= 4 * 1024 * 1024 - 64, "PacsSeg:Grpc:ReplyChunkBytes must be between 1 KiB and just under 4 MiB (grpcio's default receive limit).");

        if (options.Dicom.Enabled)
        {
            var dicom = new PacsSeg.Dicom.Network.DicomServerOptionsValidator().Validate(null, options.Dicom.Server);
            if (dicom.Failed)
                errors.AddRange(dicom.Failures.Select(f => "PacsSeg:Dicom:Server: " + f));
            Check(options.Dicom.Server.Port != options.Listen.HttpPort && options.Dicom.Server.Port != options.Listen.GrpcPort,
                "PacsSeg:Dicom:Server:Port must differ from the HTTP and gRPC ports.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void ValidateRule(RoutingRuleOptions rule, string at, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.Model))
            errors.Add($"{at}:Model must name a model.");
        if (rule.Modality is null && rule.BodyPart is null && rule.SopClassUid is null && rule.SeriesDescriptionPattern is null)
            errors.Add($"{at}: a rule needs at least one criterion (Modality, BodyPart, SopClassUid, SeriesDescriptionPattern).");
        if (rule.SeriesDescriptionPattern is not null)
        {
            try
            {
                _ = new Regex(rule.SeriesDescriptionPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{at}:SeriesDescriptionPattern is not a valid regular expression: {ex.Message}");
            }
        }
    }
}
