namespace PacsSeg.Torch.Optim;

/// <summary>Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum,
/// step for step as torch.optim.SGD.</summary>
public sealed class Sgd : Optimizer
{
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0,
        bool nesterov = false, double dampening = 0)
        : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening");
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Dampening = dampening;
    }

    public double Momentum { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }
    public double Dampening { get; }

    /// <summary>One native call for the whole parameter list (the same operations as torch.optim.SGD).</summary>
    protected override void StepAll() => Fused(0, Parameters.Count);

    /// <summary>One parameter's update; the bridge reads the parameter's own gradient, which is what the base
    /// class passes as <paramref name="grad"/>.</summary>
    protected override void Update(int index, Tensor parameter, Tensor grad) => Fused(index, 1);

    private unsafe void Fused(int first, int count)
    {
        var parameters = new Tensor[count];
        var buffers = new Tensor?[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = Parameters[first + i];
            buffers[i] = Momentum != 0 ? GetState(first + i, "momentum_buffer") : null;
        }
        using var p = new Native.HandleList(parameters);
        using var b = new Native.HandleList(buffers);
        IntPtr[] created = b.Pointers;
        try
        {
            fixed (IntPtr* pp = p.Pointers)
            fixed (IntPtr* bp = created)
                Native.NativeMethods.Check(Native.NativeMethods.OptimSgdStep(pp, bp, count, LearningRate, Momentum,
                    Dampening, WeightDecay, Nesterov ? 1 : 0), "optim.sgd_step");
        }
        finally
        {
            // Buffers the bridge created on a parameter's first step (kept even when a later parameter failed).
            for (int i = 0; i < count; i++)
                if (buffers[i] is null && created[i] != IntPtr.Zero)
                    SetState(first + i, "momentum_buffer", new Tensor(new Native.TensorHandle(created[i])));
        }
    }
}
