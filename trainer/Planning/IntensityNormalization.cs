namespace PacsSeg.Trainer.Planning;

/// <summary>A normalisation with its dataset-level constants (only CT uses them).</summary>
public sealed record IntensityNormalization(NormalizationScheme Scheme, double ClipLow = 0, double ClipHigh = 0, double Mean = 0, double Std = 1)
{
    /// <summary>Normalises <paramref name="data"/> in place.</summary>
    public void Apply(Span<float> data)
    {
        switch (Scheme)
        {
            case NormalizationScheme.MinMaxPerImage:
            {
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                foreach (float v in data)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
                float range = max - min;
                for (int n = 0; n < data.Length; n++)
                    data[n] = range > 0 ? (data[n] - min) / range : 0;
                break;
            }
            case NormalizationScheme.ZScorePerImage:
            {
                double mean = 0, square = 0;
                foreach (float v in data)
                {
                    mean += v;
                    square += (double)v * v;
                }
                mean /= Math.Max(1, data.Length);
                double std = Math.Sqrt(Math.Max(0, square / Math.Max(1, data.Length) - mean * mean));
                double scale = 1 / Math.Max(std, 1e-8);
                for (int n = 0; n < data.Length; n++)
                    data[n] = (float)((data[n] - mean) * scale);
                break;
            }
            case NormalizationScheme.CtClipZScore:
            {
                double scale = 1 / Math.Max(Std, 1e-8);
                for (int n = 0; n < data.Length; n++)
                    data[n] = (float)((Math.Clamp(data[n], ClipLow, ClipHigh) - Mean) * scale);
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown normalisation scheme {Scheme}.");
        }
    }
}
