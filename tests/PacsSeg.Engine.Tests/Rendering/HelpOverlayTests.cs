using PacsSeg.Engine.Interaction;
using PacsSeg.Engine.Rendering;

namespace PacsSeg.Engine.Tests.Rendering;

// The help overlay draws the shortcuts with the built-in font at the top left, only while it is on.
public sealed class HelpOverlayTests
{
    private static int BrightPixels(Image img, int x0, int y0, int x1, int y1)
    {
        int n = 0;
        for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
        {
            int at = (y * img.Width + x) * 4;
            if (img.Rgba[at] > 230 && img.Rgba[at + 1] > 230 && img.Rgba[at + 2] > 230)
                n++;
        }
        return n;
    }

    [Test]
    public void Render_WithHelpOn_DrawsTextTopLeftAndNothingWhenOff()
    {
        using var fx = new PhantomFixture(16);
        fx.Renderer.HelpLines = [.. InputMap.Default().Help.Select(h => $"{h.Key}  {h.What}")];
        var s = fx.State();
        s.Layout = ViewLayout.Axial;
        var off = fx.Render(s, 256, 256);
        s.ShowHelp = true;
        var on = fx.Render(s, 256, 256);
        // The first line's glyphs lie in the top rows, starting at the margin.
        Assert.That(BrightPixels(off, 0, 0, 120, 14), Is.EqualTo(0), "no text without help");
        Assert.That(BrightPixels(on, 0, 0, 120, 14), Is.GreaterThan(40), "text in the first line");
    }

    [Test]
    public void Atlas_EveryGlyphHasInkAndIsDistinct()
    {
        var atlas = BitmapFont.Atlas();
        int count = BitmapFont.Characters.Length, width = count * BitmapFont.GlyphWidth;
        var glyphs = Enumerable.Range(0, count).Select(g => string.Concat(Enumerable.Range(0, BitmapFont.GlyphHeight * BitmapFont.GlyphWidth)
            .Select(i => atlas[(i / BitmapFont.GlyphWidth) * width + g * BitmapFont.GlyphWidth + i % BitmapFont.GlyphWidth] > 0 ? '#' : '.'))).ToList();
        Assert.That(glyphs.All(g => g.Contains('#')), Is.True);
        Assert.That(glyphs.Distinct().Count(), Is.EqualTo(count));
        Assert.That(BitmapFont.IndexOf('h'), Is.EqualTo(BitmapFont.IndexOf('H')).And.GreaterThanOrEqualTo(0));
        Assert.That(BitmapFont.IndexOf('~'), Is.EqualTo(-1));
    }
}
