namespace PacsSeg.Plugin.Inference;

/// <summary>
/// Runs a model on one series: loads the spooled instances into a volume, segments it with uncertainty
/// and writes the DICOM results (SEG, Parametric Map) into the request's output folder. The
/// PacsSeg.Segmentation-based engine implements this; when none is registered jobs wait in Queued.
/// </summary>
public interface IInferenceEngine
{
    Task<InferenceResult> RunAsync(InferenceRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken);
}
