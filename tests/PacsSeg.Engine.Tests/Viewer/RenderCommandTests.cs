using PacsSeg.Imaging.IO;

namespace PacsSeg.Engine.Tests.Viewer;

public sealed class RenderCommandTests
{
    [Test]
    public void Render_Phantom_WritesPngOfRequestedSizeDeterministically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-render-" + Guid.NewGuid().ToString("N"));
        try
        {
            string a = Path.Combine(dir, "a.png"), b = Path.Combine(dir, "b.png");
            string[] args = ["render", "--phantom", "--phantom-size", "32", "--size", "96x64", "--view", "left", "--layout", "2x2", "--labels", "--uncertainty"];
            Assert.That(PacsSeg.Viewer.Program.Main([.. args, "--out", a]), Is.EqualTo(0));
            Assert.That(PacsSeg.Viewer.Program.Main([.. args, "--out", b]), Is.EqualTo(0));
            var img = PngReader.Read(a);
            Assert.That((img.Width, img.Height), Is.EqualTo((96, 64)));
            Assert.That(File.ReadAllBytes(a), Is.EqualTo(File.ReadAllBytes(b)));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("--size", "12x9000")]
    [TestCase("--view", "sideways")]
    [TestCase("--layout", "3x3")]
    public void Render_BadOption_FailsWithoutWriting(string option, string value)
    {
        string file = Path.Combine(Path.GetTempPath(), "pacsseg-bad-" + Guid.NewGuid().ToString("N") + ".png");
        int rc = PacsSeg.Viewer.Program.Main(["render", "--phantom", "--phantom-size", "16", option, value, "--out", file]);
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(File.Exists(file), Is.False);
    }

    [Test]
    public void Render_UnknownFile_FailsWithClearError()
    {
        string file = Path.Combine(Path.GetTempPath(), "pacsseg-missing-" + Guid.NewGuid().ToString("N") + ".nii");
        int rc = PacsSeg.Viewer.Program.Main(["render", file, "--out", file + ".png"]);
        Assert.That(rc, Is.EqualTo(2));
    }
}
