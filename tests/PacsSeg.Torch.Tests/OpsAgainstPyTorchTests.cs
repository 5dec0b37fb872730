using PacsSeg.Torch.NN;
using PacsSeg.Torch.Serialization;

namespace PacsSeg.Torch.Tests;

[Category("Peer")]
public class OpsAgainstPyTorchTests
{
    private static Dictionary<string, Tensor> MakeInputs()
    {
        TorchRuntime.ManualSeed(7);
        var d = new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Randn([2, 3, 8, 8]),
            ["w"] = Tensor.Randn([4, 3, 3, 3]),
            ["b"] = Tensor.Randn([4]),
            ["x3"] = Tensor.Randn([1, 2, 6, 6, 6]),
            ["w3"] = Tensor.Randn([3, 2, 3, 3, 3]),
            ["b3"] = Tensor.Randn([3]),
            ["wt"] = Tensor.Randn([3, 2, 2, 2]),
            ["wt3"] = Tensor.Randn([2, 2, 2, 2, 2]),
            ["gamma"] = Tensor.Rand([3]),
            ["beta"] = Tensor.Randn([3]),
            ["logits"] = Tensor.Randn([2, 4, 5, 5]),
            ["cw"] = Tensor.Rand([4]).Add(0.5),
            ["m1"] = Tensor.Randn([3, 4, 5]),
            ["m2"] = Tensor.Randn([3, 5, 6]),
            ["lw"] = Tensor.Randn([7, 5]),
            ["lb"] = Tensor.Randn([7]),
            ["idx"] = Tensor.RandInt(0, 3, [2, 3, 8, 8]),
            ["mask"] = Tensor.Rand([2, 3, 8, 8]).Gt(0.5),
        };
        using var t = Tensor.RandInt(0, 4, [2, 5, 5]);
        using var ignore = Tensor.Rand([2, 5, 5]).Lt(0.2);
        d["target"] = t.MaskedFill(ignore, 255);
        return d;
    }

    private static Dictionary<string, Func<Tensor[]>> Cases(Dictionary<string, Tensor> i)
    {
        Tensor x = i["x"], w = i["w"], b = i["b"], x3 = i["x3"], w3 = i["w3"], b3 = i["b3"];
        Tensor wt = i["wt"], wt3 = i["wt3"], gamma = i["gamma"], beta = i["beta"];
        Tensor logits = i["logits"], target = i["target"], cw = i["cw"], m1 = i["m1"], m2 = i["m2"];
        Tensor lw = i["lw"], lb = i["lb"], idx = i["idx"], mask = i["mask"];
        return new()
        {
            ["conv2d"] = () => [Functional.Conv2d(x, w, b, 1, 1)],
            ["conv2d_stride2_nobias"] = () => [Functional.Conv2d(x, w, null, 2, 0)],
            ["conv3d"] = () => [Functional.Conv3d(x3, w3, b3, 2, 1)],
            ["conv_transpose2d"] = () => [Functional.ConvTranspose2d(x, wt, null, 2)],
            ["conv_transpose3d"] = () => [Functional.ConvTranspose3d(x3, wt3, null, 2)],
            ["batch_norm_train"] = () => [Functional.BatchNorm(x, Tensor.Zeros([3]), Tensor.Ones([3]), gamma, beta, true, 0.1, 1e-5)],
            ["instance_norm"] = () => [Functional.InstanceNorm(x3)],
            ["relu"] = () => [Functional.Relu(x)],
            ["leaky_relu"] = () => [Functional.LeakyRelu(x, 0.2)],
            ["sigmoid_tanh"] = () => [x.Sigmoid(), x.Tanh()],
            ["softmax"] = () => [Functional.Softmax(x, 1), Functional.LogSoftmax(x, 1)],
            ["max_pool"] = () => [Functional.MaxPool2d(x, 2), Functional.MaxPool3d(x3, 2)],
            ["avg_pool"] = () => [Functional.AvgPool2d(x, 2)],
            ["interp_nearest"] = () => [Functional.Interpolate(x, scaleFactor: 2.0)],
            ["interp_bilinear"] = () => [Functional.Interpolate(x, [13, 11], null, InterpolationMode.Linear, true)],
            ["interp_trilinear"] = () => [Functional.Interpolate(x3, null, 2.0, InterpolationMode.Linear, false)],
            ["cat_stack_split"] = () => [Tensor.Cat([x, x * 2], 1), Tensor.Stack([x, x], 0), .. x.Split(1, 1)],
            ["gather_scatter"] = () => [x.Gather(1, idx), x.ZerosLike().Scatter(1, idx, x)],
            ["masks"] = () => [x.MaskedSelect(mask), x.Index(mask), x.MaskedFill(mask, 0.5)],
            ["matmul_bmm"] = () => [m1.MatMul(m2), m1.Bmm(m2)],
            ["linear"] = () => [Functional.Linear(m1, lw, lb)],
            ["cross_entropy"] = () => [Functional.CrossEntropy(logits, target, cw.Detach(), 255)],
            ["cross_entropy_none"] = () => [Functional.CrossEntropy(logits, target, null, 255, Reduction.None)],
            ["cosine_normalize"] = () => [Functional.CosineSimilarity(x, x.Flip(3), 1), Functional.Normalize(x, 2, 1)],
            ["mse_kl"] = () => [Functional.MseLoss(x, x.Flip(2)),
                Functional.KlDiv(Functional.LogSoftmax(x, 1), Functional.Softmax(x.Flip(2), 1))],
            ["topk_sort_quantile"] = () => [x.Flatten(1).TopK(5, 1).Values, x.Sort(3).Values, x.Flatten().Quantile(0.9)],
            ["reductions"] = () => [x.Sum(), x.Mean([2, 3]), x.Amax([1]), x.Std(), x.Var([1], keepDim: true)],
            ["elementwise"] = () => [x.Pow(2) * 3 - x / 2, (x * 0.1).Exp(), (x.Abs() + 1).Log(), x.Clamp(-0.5, 0.5), 1 - x],
            ["shapes"] = () => [x.Permute(0, 2, 3, 1).Reshape(2, -1), x.Transpose(1, 2).Contiguous(),
                x.Slice(1, 1, 3).Slice(2, 0, null, 2).Slice(3, 2, 7)],
        };
    }

    [Test]
    public void EveryBoundOp_ForwardAndGradient_MatchesPyTorch()
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-ops-").FullName;
        try
        {
            using var scope = DisposeScope.Enter();
            var inputs = MakeInputs();
            SafeTensors.Save(Path.Combine(dir, "in.safetensors"), inputs);
            PythonPeer.Run("ops_peer.py", Path.Combine(dir, "in.safetensors"), Path.Combine(dir, "out.safetensors"),
                TorchRuntime.NumThreads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expected = SafeTensors.Load(Path.Combine(dir, "out.safetensors"));
            foreach (var t in inputs.Values)
                if (t.Dtype == ScalarType.Float32)
                    t.RequiresGrad = true;
            int compared = 0;
            foreach (var (name, fn) in Cases(inputs))
            {
                foreach (var t in inputs.Values)
                    if (t.Dtype == ScalarType.Float32)
                        t.Grad = null;
                Tensor[] outs = fn();
                Tensor? loss = null;
                for (int k = 0; k < outs.Length; k++)
                {
                    Assert.That(expected.ContainsKey($"{name}.out{k}"), $"PyTorch has no output {k} for {name}");
                    TensorAssert.Close(outs[k], expected[$"{name}.out{k}"], $"{name}.out{k}");
                    compared++;
                    if (outs[k].RequiresGrad)
                    {
                        var term = outs[k].To(ScalarType.Float32).Pow(2).Sum() / 2;
                        loss = loss is null ? term : loss + term;
                    }
                }
                loss?.Backward();
                foreach (var (k, t) in inputs)
                {
                    if (t.Dtype != ScalarType.Float32)
                        continue;
                    string key = $"{name}.grad.{k}";
                    using var g = t.Grad;
                    Assert.That(g is null, Is.EqualTo(!expected.ContainsKey(key)), $"{key}: gradient presence");
                    if (g is not null)
                    {
                        TensorAssert.Close(g, expected[key], key);
                        compared++;
                    }
                }
            }
            Assert.That(compared, Is.GreaterThan(60));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
