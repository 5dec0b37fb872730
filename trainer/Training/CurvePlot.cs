// curves.png of a run folder: training loss (left panel) and validation score (right panel), drawn as
// polylines on a white RGB canvas and written with PacsSeg.Imaging's PngWriter (no plotting library).
using PacsSeg.Imaging.IO;

namespace PacsSeg.Trainer.Training;

/// <summary>Renders loss and validation curves to a PNG.</summary>
public static class CurvePlot
{
    public const int PanelWidth = 320;
    public const int Height = 240;
    private const int Margin = 16;
    private static readonly byte[] Axis = [90, 90, 90];
    private static readonly byte[] LossColor = [0, 90, 200];
    private static readonly byte[] ScoreColor = [200, 40, 40];

    /// <summary>
    /// Draws loss against iteration on the left and the validation score (0..1 axis) on the right; returns
    /// the RGB pixels (row 0 at the top) of a 2·<see cref="PanelWidth"/> × <see cref="Height"/> image.
    /// </summary>
    public static byte[] Render(IReadOnlyList<(int Iteration, double Loss)> losses, IReadOnlyList<ValidationScore> validation, int iterations)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(validation);
        int width = 2 * PanelWidth;
        var pixels = new byte[width * Height * 3];
        Array.Fill(pixels, (byte)255);
        int span = Math.Max(1, iterations);
        for (int panel = 0; panel < 2; panel++)
        {
            int x0 = panel * PanelWidth + Margin, x1 = (panel + 1) * PanelWidth - Margin;
            Line(pixels, width, x0, Height - Margin, x1, Height - Margin, Axis);
            Line(pixels, width, x0, Margin, x0, Height - Margin, Axis);
        }
        var finite = losses.Where(l => double.IsFinite(l.Loss)).ToList();
        if (finite.Count > 0)
        {
            double high = Math.Max(finite.Max(l => l.Loss), 1e-12);
            var points = finite.Select(l => (X(0, l.Iteration, span), Y(l.Loss / high))).ToList();
            Polyline(pixels, width, points, LossColor);
        }
        var scores = validation.Where(v => double.IsFinite(v.Score)).ToList();
        if (scores.Count > 0)
        {
            var points = scores.Select(v => (X(1, v.Iteration, span), Y(Math.Clamp(v.Score, 0, 1)))).ToList();
            Polyline(pixels, width, points, ScoreColor);
        }
        return pixels;
    }

    /// <summary>Renders and writes <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<(int Iteration, double Loss)> losses, IReadOnlyList<ValidationScore> validation, int iterations) =>
        PngWriter.Write(path, Render(losses, validation, iterations), 2 * PanelWidth, Height, 3);

    /// <summary>Reads a run's log.csv and validation.csv (when present) and writes its curves.png.</summary>
    public static void WriteForRun(RunFolder run, int iterations)
    {
        ArgumentNullException.ThrowIfNull(run);
        var losses = new List<(int, double)>();
        foreach (var fields in Rows(run.LogFile).Skip(1))
        {
            if (fields.Length >= 2 && int.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out int i)
                && double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out double loss))
                losses.Add((i, loss));
        }
        var scores = new List<ValidationScore>();
        foreach (var fields in Rows(run.ValidationFile))
        {
            if (fields.Length >= 2 && int.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out int i)
                && double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out double score))
                scores.Add(new ValidationScore(i, score));
        }
        Write(run.CurvesFile, losses, scores, iterations);
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.Exists(path) ? File.ReadLines(path).Select(l => l.Split(',')) : [];

    private static int X(int panel, int iteration, int span) =>
        panel * PanelWidth + Margin + (int)Math.Round((double)Math.Clamp(iteration, 0, span) / span * (PanelWidth - 2 * Margin));

    // 1 at the top margin, 0 on the axis.
    private static int Y(double fraction) => Height - Margin - (int)Math.Round(Math.Clamp(fraction, 0, 1) * (Height - 2 * Margin));

    private static void Polyline(byte[] pixels, int width, IReadOnlyList<(int X, int Y)> points, byte[] color)
    {
        if (points.Count == 1)
            Line(pixels, width, points[0].X, points[0].Y, points[0].X, points[0].Y, color);
        for (int n = 1; n < points.Count; n++)
            Line(pixels, width, points[n - 1].X, points[n - 1].Y, points[n].X, points[n].Y, color);
    }

    // Bresenham: every step moves one pixel along the major axis, so the line has no gaps.
    private static void Line(byte[] pixels, int width, int xa, int ya, int xb, int yb, byte[] color)
    {
        int dx = Math.Abs(xb - xa), dy = -Math.Abs(yb - ya), sx = xa < xb ? 1 : -1, sy = ya < yb ? 1 : -1, error = dx + dy;
        while (true)
        {
            if (xa >= 0 && ya >= 0 && xa < width && ya < Height)
                color.CopyTo(pixels, (ya * width + xa) * 3);
            if (xa == xb && ya == yb)
                return;
            int e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                xa += sx;
            }
            if (e2 <= dx)
            {
                error += dx;
                ya += sy;
            }
        }
    }
}
