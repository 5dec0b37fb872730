namespace PacsSeg.Torch.NN;

/// <summary>Parameter initializers, following torch.nn.init (in place, without autograd).</summary>
public static class Init
{
    /// <summary>fan_in and fan_out as PyTorch computes them: dim 1 and dim 0 times the receptive field.</summary>
    public static (long FanIn, long FanOut) Fans(Tensor t)
    {
        var s = t.Shape;
        if (s.Length < 2)
            throw new TorchException("init.fans", $"needs at least 2 dimensions, got {Tensor.FormatShape(s)}");
        long field = 1;
        for (int i = 2; i < s.Length; i++)
            field *= s[i];
        return (s[1] * field, s[0] * field);
    }

    public static Tensor Uniform(Tensor t, double low, double high)
    {
        using var ng = Autograd.NoGrad();
        return t.UniformInPlace(low, high);
    }

    public static Tensor Normal(Tensor t, double mean = 0, double std = 1)
    {
        using var ng = Autograd.NoGrad();
        return t.NormalInPlace(mean, std);
    }

    public static Tensor Constant(Tensor t, double value)
    {
        using var ng = Autograd.NoGrad();
        return t.FillInPlace(value);
    }

    /// <summary>kaiming_uniform_ with leaky-ReLU slope <paramref name="a"/> on fan_in.</summary>
    public static Tensor KaimingUniform(Tensor t, double a = 0)
    {
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double bound = Math.Sqrt(3.0) * gain / Math.Sqrt(Fans(t).FanIn);
        return Uniform(t, -bound, bound);
    }

    /// <summary>kaiming_normal_ (fan_in, ReLU gain).</summary>
    public static Tensor KaimingNormal(Tensor t, double a = 0)
    {
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        return Normal(t, 0, gain / Math.Sqrt(Fans(t).FanIn));
    }

    public static Tensor XavierUniform(Tensor t, double gain = 1)
    {
        var (fi, fo) = Fans(t);
        double bound = gain * Math.Sqrt(6.0 / (fi + fo));
        return Uniform(t, -bound, bound);
    }
}
