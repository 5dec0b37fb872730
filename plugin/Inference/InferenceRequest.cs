using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Inference;

public sealed record InferenceRequest(JobRecord Job, string Model, string Device, IReadOnlyList<string> InstancePaths, string OutputDirectory);
