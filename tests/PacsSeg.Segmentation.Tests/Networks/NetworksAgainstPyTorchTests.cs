using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;
using PacsSeg.Torch.Serialization;

namespace PacsSeg.Segmentation.Tests.Networks;

[Category("Peer")]
public class NetworksAgainstPyTorchTests
{
    private const long Classes = 3;

    [TestCase("unet2d", new long[] { 2, 1, 32, 32 })]
    [TestCase("vnet3d", new long[] { 2, 1, 16, 16, 16 })]
    [TestCase("resnet34-vnet", new long[] { 2, 1, 16, 16, 16 })]
    [TestCase("unet3d", new long[] { 2, 1, 16, 16, 16 })]
    public void ForwardAndOneSgdStep_MatchPyTorch(string architecture, long[] inputShape)
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-net-").FullName;
        try
        {
            using var scope = DisposeScope.Enter();
            TorchRuntime.ManualSeed(11);
            using var model = NetworkFactory.Create(architecture, inputShape[1], Classes);
            var x = Tensor.Randn(inputShape);
            long[] labelShape = [inputShape[0], .. inputShape[2..]];
            var y = Tensor.RandInt(0, Classes, labelShape);
            var inputs = new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y };
            foreach (var (k, v) in model.StateDict())
                inputs["w." + k] = v;
            string inPath = Path.Combine(dir, "in.safetensors"), outPath = Path.Combine(dir, "out.safetensors");
            SafeTensors.Save(inPath, inputs);
            PythonPeer.Run("networks_peer.py", architecture, inPath, outPath,
                TorchRuntime.NumThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Classes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expected = SafeTensors.Load(outPath);

            model.Eval();
            using (Autograd.NoGrad())
            using (var output = model.Forward(x))
            {
                Assert.That(output.Logits.Shape, Is.EqualTo((long[])[inputShape[0], Classes, .. inputShape[2..]]));
                TensorAssert.Close(output.Logits, expected["eval.logits"], $"{architecture} eval logits");
                TensorAssert.Close(output.Features, expected["eval.features"], $"{architecture} eval features");
            }

            using var trainable = NetworkFactory.Create(architecture, inputShape[1], Classes, dropout: false);
            trainable.LoadStateDict(model.StateDict());
            trainable.Train();
            using var sgd = new Sgd(trainable.Parameters(), 0.01, momentum: 0.9, weightDecay: 1e-4);
            sgd.ZeroGrad();
            using (var output = trainable.Forward(x))
            {
                var loss = Functional.CrossEntropy(output.Logits, y);
                loss.Backward();
                TensorAssert.Close(loss, expected["train.loss"], $"{architecture} loss");
            }
            sgd.Step();
            foreach (var (k, v) in trainable.StateDict())
                TensorAssert.Close(v, expected["after." + k], $"{architecture} {k} after one SGD step", 1e-5, 1e-5);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
