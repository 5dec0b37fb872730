namespace PacsSeg.Torch.Optim;

/// <summary>Adam, and AdamW when <see cref="DecoupledWeightDecay"/> is set, step for step as torch.optim.Adam /
/// torch.optim.AdamW (no amsgrad).</summary>
public class Adam : Optimizer
{
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameters, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }
    public bool DecoupledWeightDecay { get; }

    protected override void Update(int index, Tensor parameter, Tensor grad)
    {
        var stepT = GetState(index, "step") ?? SetState(index, "step", Tensor.Zeros([]));
        var expAvg = GetState(index, "exp_avg") ?? SetState(index, "exp_avg", parameter.ZerosLike());
        var expAvgSq = GetState(index, "exp_avg_sq") ?? SetState(index, "exp_avg_sq", parameter.ZerosLike());
        stepT.AddInPlace(1);
        double step = stepT.Item();
        if (WeightDecay != 0)
        {
            if (DecoupledWeightDecay)
                parameter.MulInPlace(1 - LearningRate * WeightDecay);
            else
                grad = grad.Add(parameter, WeightDecay);
        }
        expAvg.MulInPlace(Beta1).AddInPlace(grad, 1 - Beta1);
        expAvgSq.MulInPlace(Beta2).AddcmulInPlace(grad, grad, 1 - Beta2);
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, step);
        double stepSize = LearningRate / biasCorrection1;
        var denom = expAvgSq.Sqrt().DivInPlace(Math.Sqrt(biasCorrection2)).AddInPlace(Eps);
        parameter.AddcdivInPlace(expAvg, denom, -stepSize);
    }
}
