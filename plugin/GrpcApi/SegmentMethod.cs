// The Segment call: client-streamed input (raw voxels, NIfTI or a DICOM series), then server-streamed progress,
// one SegmentResult and the labels and uncertainty in chunks. It runs the installed model through the same
// ModelRunner as the inference worker. The call's token carries the deadline and the client's cancellation
// (RST_STREAM) down into the sliding window, so an abandoned call stops predicting within one patch.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Inference;
using PacsSeg.Segmentation.Inference;

namespace PacsSeg.Plugin.GrpcApi;

public sealed class SegmentMethod(ModelRunner runner, SegmentAdmission admission, IOptions<PluginOptions> options) : IGrpcStreamingMethod
{
    private const double ReceiveEnd = 0.1, LoadEnd = 0.15, InferEnd = 0.95;
    private readonly PluginOptions config = options.Value;

    public string Path { get; } = $"/{PacsSegGrpcService.ServiceName}/Segment";

    public async Task InvokeAsync(GrpcMessageReader requests, GrpcMessageWriter replies, GrpcCallContext context)
    {
        var token = context.CancellationToken;
        var stopwatch = Stopwatch.StartNew();
        var first = Parse(await requests.ReadAsync(token).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "The call carries no SegmentRequest."));
        if (first.Model.Length == 0)
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "model must name an installed model (see ListModels).");
        var predictionOptions = Options(first.Options);
        using var slot = admission.TryEnter()
            ?? throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"All {admission.Capacity} Segment slots are busy; try again later.");
        var model = await runner.ResolveAsync(first.Model, first.ModelVersion, token).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.NotFound, first.ModelVersion.Length == 0
                ? $"No usable package of model '{first.Model}' is installed."
                : $"Model '{first.Model}' version '{first.ModelVersion}' is not installed.");
        await replies.WriteAsync(Progress("receive", 0), token).ConfigureAwait(false);

        string temp = System.IO.Path.Combine(SegmentUpload.RootFor(config), Guid.NewGuid().ToString("N"));
        using var upload = SegmentUpload.Start(first, config.Grpc.MaxSegmentInputBytes, temp);
        while (await requests.ReadAsync(token).ConfigureAwait(false) is { } bytes)
            upload.Add(Parse(bytes));
        await replies.WriteAsync(Progress("receive", ReceiveEnd), token).ConfigureAwait(false);

        var image = await Task.Run(() => upload.ToVolume(token), token).ConfigureAwait(false);
        await replies.WriteAsync(Progress("load", LoadEnd), token).ConfigureAwait(false);

        // Progress comes from the predicting thread; a small queue hands it to the response stream in order,
        // dropping the oldest when the client reads slowly (only the latest fraction matters).
        var queue = Channel.CreateBounded<SegmentReply>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var pump = Task.Run(async () =>
        {
            await foreach (var reply in queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
                await replies.WriteAsync(reply, token).ConfigureAwait(false);
        }, token);
        SegmentationPrediction prediction;
        Segmentation.Packaging.ModelManifest manifest;
        try
        {
            (prediction, manifest) = await runner.PredictAsync(model, image, predictionOptions, new ThrottledProgress(queue.Writer), token).ConfigureAwait(false);
        }
        finally
        {
            queue.Writer.TryComplete();
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The prediction's own cancellation is the one reported.
            }
        }
        await replies.WriteAsync(Progress("send", InferEnd), token).ConfigureAwait(false);
        await SendResultAsync(replies, model.Version, prediction, manifest, stopwatch.Elapsed.TotalSeconds, token).ConfigureAwait(false);
    }

    private async Task SendResultAsync(GrpcMessageWriter replies, string version, SegmentationPrediction prediction,
        Segmentation.Packaging.ModelManifest manifest, double seconds, CancellationToken token)
    {
        var labels = prediction.Labels;
        var counts = new long[manifest.Classes.Count];
        foreach (byte l in labels.Voxels)
            counts[l]++;
        double voxelMl = labels.Geometry.VoxelVolumeMm3 / 1000.0;
        var uncertainty = prediction.Uncertainty.Voxels;
        var result = new SegmentResult
        {
            Model = manifest.Name,
            ModelVersion = version,
            Geometry = SegmentUpload.ToMessage(labels.Geometry),
            MeanUncertainty = uncertainty.Length == 0 ? 0 : uncertainty.Average(v => (double)v),
            Samples = prediction.Samples,
            LabelsBytes = labels.Voxels.LongLength,
            UncertaintyBytes = uncertainty.LongLength * sizeof(float),
            Seconds = seconds,
        };
        result.ClassNames.AddRange(manifest.Classes.Select(c => c.Name));
        for (int c = 0; c < manifest.Classes.Count; c++)
            result.Classes.Add(new ClassSummary { Index = c, Name = manifest.Classes[c].Name, Voxels = counts[c], VolumeMl = counts[c] * voxelMl });
        await replies.WriteAsync(new SegmentReply { Result = result }, token).ConfigureAwait(false);

        int chunk = config.Grpc.ReplyChunkBytes;
        for (long offset = 0; offset < labels.Voxels.LongLength; offset += chunk)
        {
            int n = (int)Math.Min(chunk, labels.Voxels.LongLength - offset);
            await replies.WriteAsync(new SegmentReply { Labels = ByteString.CopyFrom(labels.Voxels, (int)offset, n) }, token).ConfigureAwait(false);
        }
        // float32 little-endian on the wire; .NET's in-memory layout is little-endian on every supported platform.
        long total = uncertainty.LongLength * sizeof(float);
        for (long offset = 0; offset < total; offset += chunk)
        {
            int n = (int)Math.Min(chunk, total - offset);
            await replies.WriteAsync(new SegmentReply { Uncertainty = Slice(uncertainty, (int)offset, n) }, token).ConfigureAwait(false);
        }
    }

    private static ByteString Slice(float[] values, int byteOffset, int byteCount) =>
        ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()).Slice(byteOffset, byteCount));

    private static SegmentRequest Parse(byte[] bytes)
    {
        try
        {
            return SegmentRequest.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed SegmentRequest: {ex.Message}");
        }
    }

    private static PredictionOptions Options(SegmentOptions? o)
    {
        if (o is null)
            return new PredictionOptions { MirrorTta = true };
        if (o.DropoutSamples is < 0 or > 64)
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"options.dropout_samples {o.DropoutSamples} is outside 0..64.");
        if (o.HasOverlap && !(o.Overlap >= 0 && o.Overlap < 1))
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"options.overlap {o.Overlap} is outside [0, 1).");
        return new PredictionOptions
        {
            MirrorTta = !o.HasMirrorTta || o.MirrorTta,
            DropoutSamples = o.DropoutSamples,
            Overlap = o.HasOverlap ? o.Overlap : 0.5,
        };
    }

    private static SegmentReply Progress(string stage, double fraction) =>
        new() { Progress = new SegmentProgress { Stage = stage, Fraction = fraction } };

    // Reports every whole percent at most, so a large volume does not send one message per patch.
    private sealed class ThrottledProgress(ChannelWriter<SegmentReply> writer) : IProgress<double>
    {
        private double last = -1;

        public void Report(double value)
        {
            double overall = LoadEnd + (InferEnd - LoadEnd) * Math.Clamp(value, 0, 1);
            if (overall - last < 0.01 && value < 1)
                return;
            last = overall;
            writer.TryWrite(Progress("infer", overall));
        }
    }
}
