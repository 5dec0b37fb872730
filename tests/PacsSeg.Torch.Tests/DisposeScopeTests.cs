using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;

namespace PacsSeg.Torch.Tests;

public class DisposeScopeTests
{
    [Test]
    public void Scope_WhenDisposed_FreesItsTemporariesButKeepsMovedOnes()
    {
        long before = TorchRuntime.LiveTensorCount;
        Tensor kept;
        using (var scope = DisposeScope.Enter())
        {
            using var a = Tensor.Ones([3]);
            var b = a * 2 + 1;
            kept = (b * b).MoveToOuterScope();
            Assert.That(scope.Count, Is.GreaterThanOrEqualTo(2));
        }
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(before + 1));
        Assert.That(kept.ToArray<float>(), Is.EqualTo(new float[] { 9, 9, 9 }));
        kept.Dispose();
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(before));
    }

    [Test]
    public void TrainingLoop_OfThousandSteps_LeavesLiveHandleCountUnchanged()
    {
        TorchRuntime.ManualSeed(1);
        using var model = new Sequential(Nn.Conv2d(1, 4, 3, padding: 1), Nn.BatchNorm2d(4), Nn.ReLU(), Nn.Conv2d(4, 2, 1));
        using var optimizer = new Sgd(model.Parameters(), 0.01, momentum: 0.9, weightDecay: 1e-4, nesterov: true);
        using var x = Tensor.Randn([2, 1, 8, 8]);
        using var y = Tensor.RandInt(0, 2, [2, 8, 8]);
        var schedule = new PolySchedule(0.01, 1000);
        // Warm-up step creates the optimizer state and the gradients, which live on.
        Step(0);
        long before = TorchRuntime.LiveTensorCount;
        long memoryBefore = GC.GetTotalMemory(true);
        for (int i = 1; i < 1000; i++)
            Step(i);
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(before));
        Assert.That(GC.GetTotalMemory(true) - memoryBefore, Is.LessThan(4 << 20));

        void Step(int i)
        {
            using var scope = DisposeScope.Enter();
            optimizer.LearningRate = schedule.LearningRate(i);
            optimizer.ZeroGrad();
            var logits = model.Forward(x);
            var loss = Functional.CrossEntropy(logits, y);
            loss.Backward();
            optimizer.Step();
        }
    }

    [Test]
    public void MeanTeacherLoop_OfThousandSteps_WithSharedInputsAndEma_LeavesHandlesBuffersAndMemoryFlat()
    {
        TorchRuntime.ManualSeed(2);
        using var student = new Sequential(Nn.Conv2d(1, 4, 3, padding: 1), Nn.BatchNorm2d(4), Nn.ReLU(), Nn.Conv2d(4, 2, 1));
        using var teacher = new Sequential(Nn.Conv2d(1, 4, 3, padding: 1), Nn.BatchNorm2d(4), Nn.ReLU(), Nn.Conv2d(4, 2, 1));
        teacher.LoadStateDict(student.StateDict());
        var studentParams = student.Parameters().ToArray();
        var teacherParams = teacher.Parameters().ToArray();
        foreach (var p in teacherParams)
            p.RequiresGrad = false;
        using var optimizer = new Sgd(studentParams, 0.01, momentum: 0.9, weightDecay: 1e-4);
        var images = new float[4 * 8 * 8];
        var labels = new long[2 * 8 * 8];
        var random = new Random(5);
        Step();
        long tensors = TorchRuntime.LiveTensorCount;
        long buffers = TorchRuntime.LiveSharedBufferCount;
        long memory = GC.GetTotalMemory(true);
        for (int i = 1; i < 1000; i++)
            Step();
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(tensors));
        Assert.That(TorchRuntime.LiveSharedBufferCount, Is.EqualTo(buffers));
        Assert.That(GC.GetTotalMemory(true) - memory, Is.LessThan(4 << 20));

        void Step()
        {
            // A batch read into reused managed arrays and shared with libtorch without a copy.
            for (int k = 0; k < images.Length; k++)
                images[k] = (float)random.NextDouble();
            for (int k = 0; k < labels.Length; k++)
                labels[k] = random.Next(2);
            using var scope = DisposeScope.Enter();
            var x = Tensor.WrapArray(images, 4, 1, 8, 8);
            var y = Tensor.WrapArray(labels, 2, 8, 8);
            var logits = student.Forward(x);
            Tensor target;
            using (Autograd.NoGrad())
                target = Functional.Softmax(teacher.Forward(x.Slice(0, 2, 4) + 0.1), 1);
            var loss = Functional.CrossEntropy(logits.Slice(0, 0, 2), y)
                       + 0.1 * (Functional.Softmax(logits.Slice(0, 2, 4), 1) - target).Square().Mean();
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            Ema.Update(teacherParams, studentParams, 0.99);
        }
    }
}
