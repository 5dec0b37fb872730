namespace PacsSeg.Torch.Tests;

internal static class TensorAssert
{
    /// <summary>Elementwise |actual - expected| &lt;= atol + rtol * |expected|, shapes equal.</summary>
    public static void Close(Tensor actual, Tensor expected, string what, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
        using var a = actual.To(ScalarType.Float64);
        using var e = expected.To(ScalarType.Float64);
        double[] av = a.ToArray<double>(), ev = e.ToArray<double>();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < av.Length; i++)
        {
            double excess = Math.Abs(av[i] - ev[i]) - (atol + rtol * Math.Abs(ev[i]));
            if (excess > worst || double.IsNaN(av[i]) != double.IsNaN(ev[i]))
            {
                worst = double.IsNaN(excess) ? double.PositiveInfinity : excess;
                worstAt = i;
            }
        }
        if (worstAt >= 0)
            Assert.Fail($"{what}: element {worstAt} is {av[worstAt]}, PyTorch has {ev[worstAt]}");
    }
}
