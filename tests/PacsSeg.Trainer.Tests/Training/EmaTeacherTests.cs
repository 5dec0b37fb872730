using PacsSeg.Torch;
using PacsSeg.Trainer.Schedules;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class EmaTeacherTests
{
    [Test]
    public void ParameterEma_FirstStepCopiesStudentAndFreezesTeacher()
    {
        using var student = new TinySegNet(3);
        using var teacherNet = new TinySegNet(3);
        var ema = new EmaTeacher(student, teacherNet, EmaVariant.ParametersWithWarmUp, 0.99);
        using (Autograd.NoGrad())
            student.Parameters().First().AddInPlace(1.0);

        ema.Update(student, step: 0);

        var s = student.Parameters().First().ToArray<float>();
        var t = teacherNet.Parameters().First().ToArray<float>();
        Assert.That(t, Is.EqualTo(s).Within(1e-6f), "alpha_0 = min(1 - 1/1, 0.99) = 0");
        Assert.That(teacherNet.Parameters().All(p => !p.RequiresGrad), Is.True);
    }

    [Test]
    public void StateDictEma_AveragesBatchNormStatisticsToo()
    {
        using var student = new TinySegNet(3);
        using var teacherNet = new TinySegNet(3);
        var ema = new EmaTeacher(student, teacherNet, EmaVariant.StateDictConstant, 0.5);
        var mean = student.StateDict()["bn1.running_mean"];
        using (Autograd.NoGrad())
            mean.FillInPlace(2.0);

        ema.Update(student, step: 0);

        Assert.That(teacherNet.StateDict()["bn1.running_mean"].ToArray<float>(), Is.All.EqualTo(1.0f));
    }

    [Test]
    public void ParameterEma_LeavesBatchNormStatisticsAlone()
    {
        using var student = new TinySegNet(3);
        using var teacherNet = new TinySegNet(3);
        var ema = new EmaTeacher(student, teacherNet, EmaVariant.ParametersWithWarmUp, 0.99);
        using (Autograd.NoGrad())
            student.StateDict()["bn1.running_mean"].FillInPlace(2.0);

        ema.Update(student, step: 5);

        Assert.That(teacherNet.StateDict()["bn1.running_mean"].ToArray<float>(), Is.All.EqualTo(0.0f));
    }
}
