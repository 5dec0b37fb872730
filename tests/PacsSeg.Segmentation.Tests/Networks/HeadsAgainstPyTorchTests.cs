// Each head of the methods against its PyTorch reference (Peer/heads.py), weights exchanged through
// safetensors: the eval forward, a training forward, the loss, and every parameter and buffer after one
// SGD step (momentum, weight decay) agree to 1e-5 relative.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using PacsSeg.Torch.Serialization;

namespace PacsSeg.Segmentation.Tests.Networks;

[Category("Peer")]
public class HeadsAgainstPyTorchTests
{
    private const long Classes = 3;
    private const long SubPrototypes = 2;

    [TestCase("projection-spc")]
    [TestCase("projection-aua")]
    [TestCase("gaussian")]
    [TestCase("gaussian-roi")]
    [TestCase("pccs-student")]
    [TestCase("pccs-teacher")]
    public void ForwardAndOneSgdStep_MatchPyTorch(string head)
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-head-").FullName;
        try
        {
            using var scope = DisposeScope.Enter();
            TorchRuntime.ManualSeed(17);
            using var model = Build(head);
            var inputs = Inputs(head);
            model.Eval();
            Dictionary<string, Tensor> eval;
            using (Autograd.NoGrad())
                eval = Run(head, model, inputs);

            var file = new Dictionary<string, Tensor>(inputs);
            foreach (var (k, v) in eval)
                file["r." + k] = Tensor.Randn(v.Shape);
            foreach (var (k, v) in model.StateDict())
                file["w." + k] = v;
            string inPath = Path.Combine(dir, "in.safetensors"), outPath = Path.Combine(dir, "out.safetensors");
            SafeTensors.Save(inPath, file);
            PythonPeer.Run("heads_peer.py", head, inPath, outPath, Invariant(TorchRuntime.NumThreads), Invariant(Classes),
                Invariant(SubPrototypes));
            var expected = SafeTensors.Load(outPath);

            foreach (var (k, v) in eval)
                TensorAssert.Close(v, expected["eval." + k], $"{head} eval {k}");

            using var trainable = Build(head);
            trainable.LoadStateDict(model.StateDict());
            trainable.Train();
            DropoutOff(trainable);
            using var sgd = new Sgd(trainable.Parameters(), 0.1, momentum: 0.9, weightDecay: 1e-4);
            sgd.ZeroGrad();
            var train = Run(head, trainable, inputs);
            Tensor? loss = null;
            foreach (var k in train.Keys.Order(StringComparer.Ordinal))
            {
                var term = (train[k] * file["r." + k]).Mean();
                loss = loss is null ? term : loss + term;
            }
            loss!.Backward();
            TensorAssert.Close(loss, expected["train.loss"], $"{head} loss");
            foreach (var (k, v) in train)
                TensorAssert.Close(v, expected["train." + k], $"{head} train {k}");
            sgd.Step();
            var after = trainable.StateDict();
            Assert.That(after.Keys, Is.EquivalentTo(expected.Keys.Where(k => k.StartsWith("after.", StringComparison.Ordinal))
                .Select(k => k["after.".Length..])));
            foreach (var (k, v) in after)
                TensorAssert.Close(v, expected["after." + k], $"{head} {k} after one SGD step", 1e-5, 1e-5);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Invariant(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Module Build(string head) => head switch
    {
        "projection-spc" => ProjectionHead.Spc(),
        "projection-aua" => ProjectionHead.Aua(),
        "gaussian" or "gaussian-roi" => new GaussianLogitHead(16, Classes, SubPrototypes),
        "pccs-student" => new PccsStudentHead(32 + 64 + 128, Classes, SubPrototypes),
        "pccs-teacher" => new PccsTeacherHead(32 + 64 + 128, Classes, SubPrototypes),
        _ => throw new ArgumentException(head, nameof(head)),
    };

    private static Dictionary<string, Tensor> Inputs(string head)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        switch (head)
        {
            case "projection-spc":
                d["x"] = Tensor.Randn([2, 16, 8, 8]);
                break;
            case "pccs-student" or "pccs-teacher":
                // The PCCS UNet's encoder levels e0..e3 for a 32x32 input: widths 32, 32, 64, 128.
                d["f0"] = Tensor.Randn([2, 32, 32, 32]);
                d["f1"] = Tensor.Randn([2, 32, 16, 16]);
                d["f2"] = Tensor.Randn([2, 64, 8, 8]);
                d["f3"] = Tensor.Randn([2, 128, 4, 4]);
                break;
            default:
                d["x"] = Tensor.Randn([2, 16, 4, 4, 4]);
                if (head == "gaussian-roi")
                {
                    using var u = Tensor.Rand([2, 1, 4, 4, 4]);
                    d["mask"] = u.Gt(0.5).Float();
                }
                break;
        }
        return d;
    }

    private static Dictionary<string, Tensor> Run(string head, Module model, Dictionary<string, Tensor> inputs)
    {
        var r = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        switch (model)
        {
            case ProjectionHead p:
                r["z"] = p.Forward(inputs["x"]);
                break;
            case GaussianLogitHead g:
                var logits = g.Forward(inputs["x"], head == "gaussian-roi" ? inputs["mask"] : null);
                (r["mean"], r["diag"], r["factor"]) = (logits.Mean, logits.CovarianceDiagonal, logits.CovarianceFactor);
                break;
            case PccsStudentHead s:
                (r["emb"], r["scores"]) = s.Forward(Features(inputs));
                break;
            case PccsTeacherHead t:
                (r["emb"], r["sims"], r["scores"]) = t.Forward(Features(inputs));
                break;
        }
        return r;
    }

    private static Tensor[] Features(Dictionary<string, Tensor> inputs) =>
        [inputs["f0"], inputs["f1"], inputs["f2"], inputs["f3"]];

    private static void DropoutOff(Module module)
    {
        foreach (var (_, child) in module.NamedChildren())
        {
            if (child is Dropout)
                child.Eval();
            DropoutOff(child);
        }
    }
}
