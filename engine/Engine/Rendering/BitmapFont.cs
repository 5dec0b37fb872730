// A 5x7 pixel font with just the orientation letters, so the engine needs no font files.
namespace PacsSeg.Engine.Rendering;

public static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;
    public const string Characters = "APLRSI";

    private static readonly string[][] Glyphs =
    [
        [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
        ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
        ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
        [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
        ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"],
    ];

    /// <summary>The atlas: glyphs side by side, top row first, 255 where ink.</summary>
    public static byte[] Atlas()
    {
        int width = GlyphWidth * Characters.Length;
        var atlas = new byte[width * GlyphHeight];
        for (int g = 0; g < Glyphs.Length; g++)
        for (int y = 0; y < GlyphHeight; y++)
        for (int x = 0; x < GlyphWidth; x++)
            atlas[y * width + g * GlyphWidth + x] = Glyphs[g][y][x] == '#' ? (byte)255 : (byte)0;
        return atlas;
    }

    /// <summary>Index of <paramref name="c"/> in the atlas, or -1.</summary>
    public static int IndexOf(char c) => Characters.IndexOf(c, StringComparison.Ordinal);
}
