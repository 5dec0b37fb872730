using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using PacsSeg.Torch.Serialization;

namespace PacsSeg.Torch.Tests;

[Category("Peer")]
public class ModuleAndOptimizerAgainstPyTorchTests
{
    private static Sequential Make() =>
        new(Nn.Conv2d(1, 4, 3, padding: 1), Nn.BatchNorm2d(4), Nn.ReLU(), Nn.Conv2d(4, 3, 1));

    [Test]
    public void ThreeTrainingSteps_WithSgdAdamAndAdamW_MatchPyTorch()
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-optim-").FullName;
        try
        {
            using var scope = DisposeScope.Enter();
            TorchRuntime.ManualSeed(3);
            using var reference = Make();
            var x = Tensor.Randn([2, 1, 6, 6]);
            var y = Tensor.RandInt(0, 3, [2, 6, 6]);
            var inputs = new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y };
            foreach (var (k, v) in reference.StateDict())
                inputs["init." + k] = v;
            SafeTensors.Save(Path.Combine(dir, "in.safetensors"), inputs);
            PythonPeer.Run("optim_peer.py", Path.Combine(dir, "in.safetensors"), Path.Combine(dir, "out.safetensors"),
                TorchRuntime.NumThreads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expected = SafeTensors.Load(Path.Combine(dir, "out.safetensors"));

            foreach (string name in new[] { "sgd", "adam", "adamw" })
            {
                using var model = Make();
                model.LoadStateDict(reference.StateDict());
                model.Train();
                using Optimizer opt = name switch
                {
                    "sgd" => new Sgd(model.Parameters(), 0.05, momentum: 0.9, weightDecay: 1e-4, nesterov: true),
                    "adam" => new Adam(model.Parameters(), 0.01, weightDecay: 1e-4),
                    _ => new AdamW(model.Parameters(), 0.01, weightDecay: 0.01),
                };
                for (int step = 0; step < 3; step++)
                {
                    opt.ZeroGrad();
                    var loss = Functional.CrossEntropy(model.Forward(x), y);
                    loss.Backward();
                    opt.Step();
                    TensorAssert.Close(loss, expected[$"{name}.loss{step}"], $"{name} loss {step}");
                }
                foreach (var (k, v) in model.StateDict())
                    TensorAssert.Close(v, expected[$"{name}.{k}"], $"{name} {k}");
                model.Eval();
                using (Autograd.NoGrad())
                    TensorAssert.Close(model.Forward(x), expected[$"{name}.eval"], $"{name} eval forward");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
