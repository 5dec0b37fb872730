using PacsSeg.Trainer.Training;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Trainer.Tests.Training;

public class TrainingMethodsTests
{
    [Test]
    public void Create_EveryName_GivesAMethodOfThatName_SoRunFoldersMatchTheCommandLine()
    {
        foreach (var name in TrainingMethods.Names)
        {
            var method = TrainingMethods.Create(name);
            Assert.That(method.Name, Is.EqualTo(name));
            (method as IDisposable)?.Dispose();
        }
    }

    [Test]
    public void CodeVariants_SwitchExactlyTheRegisteredDiscrepancies()
    {
        var pccs = (PrototypeContrastiveConsistency)TrainingMethods.Create("pccs");
        var pccsCode = (PrototypeContrastiveConsistency)TrainingMethods.Create("pccs-code");
        Assert.That((pccs.TeacherEma, pccs.CodeFaithfulDice), Is.EqualTo((true, false)));
        Assert.That((pccsCode.TeacherEma, pccsCode.CodeFaithfulDice), Is.EqualTo((false, true)));
        using var spc = (SpcCopyPaste)TrainingMethods.Create("spc-bcp");
        using var spcCode = (SpcCopyPaste)TrainingMethods.Create("spc-bcp-code");
        Assert.That((spc.CodeFaithfulWeakLabels, spcCode.CodeFaithfulWeakLabels), Is.EqualTo((false, true)));
        Assert.That(((DualNetworks)TrainingMethods.Create("dual-networks-code")).CodeFaithful, Is.True);
        Assert.That(() => TrainingMethods.Create("pccs-paper"), Throws.ArgumentException.With.Message.Contains("available"));
    }
}
