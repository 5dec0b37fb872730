using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Tests.Networks;

internal static class TensorAssert
{
    /// <summary>Elementwise |actual - expected| &lt;= atol + rtol * |expected|, shapes equal.</summary>
    public static void Close(Tensor actual, Tensor expected, string what, double rtol = 1e-5, double atol = 1e-6)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
        using var a = actual.To(ScalarType.Float64);
        using var e = expected.To(ScalarType.Float64);
        double[] av = a.ToArray<double>(), ev = e.ToArray<double>();
        for (int i = 0; i < av.Length; i++)
        {
            double tol = atol + rtol * Math.Abs(ev[i]);
            if (!(Math.Abs(av[i] - ev[i]) <= tol))
                Assert.Fail($"{what}: element {i} is {av[i]}, PyTorch has {ev[i]}");
        }
    }
}
