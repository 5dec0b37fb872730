using PacsSeg.Imaging.IO;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class CurvePlotTests
{
    [Test]
    public void Render_ConstantLossAndHalfScore_DrawsLinesWhereTheAxesPutThem()
    {
        // Loss constant at its maximum: a horizontal line on the top margin (y = 16) across the left panel.
        // Score 0.5 at iterations 0 and 10 of 10: a line at y = 240 − 16 − 104 = 120 across the right panel.
        var pixels = CurvePlot.Render([(0, 2.0), (10, 2.0)], [new ValidationScore(0, 0.5), new ValidationScore(10, 0.5)], 10);
        int width = 2 * CurvePlot.PanelWidth;
        byte[] At(int x, int y) => pixels.AsSpan((y * width + x) * 3, 3).ToArray();

        Assert.That(At(160, 16), Is.EqualTo(new byte[] { 0, 90, 200 }));
        Assert.That(At(160, 17), Is.EqualTo(new byte[] { 255, 255, 255 }));
        Assert.That(At(CurvePlot.PanelWidth + 160, 120), Is.EqualTo(new byte[] { 200, 40, 40 }));
        Assert.That(At(16, 200), Is.EqualTo(new byte[] { 90, 90, 90 }), "left y axis");
    }

    [Test]
    public void WriteForRun_ReadsTheLogAndWritesAPngOfThePlotSize()
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-curves-").FullName;
        try
        {
            var run = RunFolder.Create(dir, "supervised", "2d", 0);
            File.WriteAllLines(run.LogFile, ["iteration,loss,lr,seconds,terms", "1,1.5,0.01,0.1,", "2,1.0,0.01,0.2,", "3,0.5,0.01,0.3,"]);
            File.WriteAllLines(run.ValidationFile, ["3,0.75"]);

            CurvePlot.WriteForRun(run, 3);

            var png = PngReader.Read(run.CurvesFile);
            Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((2 * CurvePlot.PanelWidth, CurvePlot.Height, 3)));
            // The first loss (the maximum) sits on the top margin at iteration 1 of 3.
            Assert.That(png.Pixel(16 + 96, 16).ToArray(), Is.EqualTo(new byte[] { 0, 90, 200 }));
            // The single validation point: x at the right end, y = 224 − 156 = 68.
            Assert.That(png.Pixel(2 * CurvePlot.PanelWidth - 16, 68).ToArray(), Is.EqualTo(new byte[] { 200, 40, 40 }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
