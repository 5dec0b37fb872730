using PacsSeg.Torch;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class UncertaintyAwareMeanTeacherTests
{
    [Test]
    public void Entropy_UniformTwoClasses_IsLn2()
    {
        using var p = Tensor.FromArray(new float[] { 0.5f, 1f, 0.5f, 0f }, 1, 2, 1, 2);

        var u = UncertaintyAwareMeanTeacher.Entropy(p).ToArray<float>();

        Assert.That(u[0], Is.EqualTo(Math.Log(2)).Within(1e-5));
        Assert.That(u[1], Is.EqualTo(0).Within(1e-5));
    }

    [Test]
    public void MaskedConsistency_CountsOnlyCertainVoxels()
    {
        // Two pixels. Pixel 0: student softmax [.5,.5], teacher [.25,.75] -> d = [1/16, 1/16]; certain.
        // Pixel 1: large difference but uncertain, so masked out. Loss = (1/16 + 1/16) / (2 * 1).
        float ln3 = (float)Math.Log(3);
        using var student = Tensor.FromArray(new float[] { 0, 5, 0, 0 }, 1, 2, 1, 2);
        using var teacher = Tensor.FromArray(new float[] { 0, 0, ln3, 5 }, 1, 2, 1, 2);
        using var uncertainty = Tensor.FromArray(new float[] { 0.1f, 0.6f }, 1, 1, 2);

        double loss = UncertaintyAwareMeanTeacher.MaskedConsistency(student, teacher, uncertainty, 0.5).Item();

        Assert.That(loss, Is.EqualTo(0.0625).Within(1e-6));
    }

    [Test]
    public void MaskedConsistency_NothingCertain_IsZero()
    {
        using var student = Tensor.FromArray(new float[] { 0, 5 }, 1, 2, 1, 1);
        using var teacher = Tensor.FromArray(new float[] { 5, 0 }, 1, 2, 1, 1);
        using var uncertainty = Tensor.FromArray(new float[] { 0.9f }, 1, 1, 1);

        Assert.That(UncertaintyAwareMeanTeacher.MaskedConsistency(student, teacher, uncertainty, 0.5).Item(), Is.EqualTo(0));
    }
}
