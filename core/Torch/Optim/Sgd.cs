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

    protected override void Update(int index, Tensor parameter, Tensor grad)
    {
        Tensor d = WeightDecay != 0 ? grad.Add(parameter, WeightDecay) : grad;
        if (Momentum != 0)
        {
            var buf = GetState(index, "momentum_buffer");
            if (buf is null)
                buf = SetState(index, "momentum_buffer", d.Clone());
            else
                buf.MulInPlace(Momentum).AddInPlace(d, 1 - Dampening);
            d = Nesterov ? d.Add(buf, Momentum) : buf;
        }
        parameter.AddInPlace(d, -LearningRate);
    }
}
