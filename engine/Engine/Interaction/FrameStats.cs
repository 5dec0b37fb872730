namespace PacsSeg.Engine.Interaction;

/// <summary>Frame times over a sliding window: mean, 95th percentile and frames per second.</summary>
public sealed class FrameStats
{
    private readonly double[] _times;
    private int _count;
    private int _next;

    public FrameStats(int window = 120)
    {
        if (window <= 0)
            throw new ArgumentOutOfRangeException(nameof(window));
        _times = new double[window];
    }

    public int Count => _count;

    public void Add(double seconds)
    {
        _times[_next] = seconds;
        _next = (_next + 1) % _times.Length;
        _count = Math.Min(_count + 1, _times.Length);
    }

    public double MeanSeconds => _count == 0 ? 0 : _times.Take(_count).Average();

    public double Percentile(double p)
    {
        if (_count == 0)
            return 0;
        var sorted = _times.Take(_count).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public double Fps => MeanSeconds > 0 ? 1 / MeanSeconds : 0;

    public override string ToString() =>
        FormattableString.Invariant($"{Fps:F1} fps, mean {MeanSeconds * 1000:F1} ms, p95 {Percentile(95) * 1000:F1} ms");
}
