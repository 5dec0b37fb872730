namespace PacsSeg.Engine.Graphics;

/// <summary>What a texture is; a <see cref="GraphicsDevice"/> creates one from it.</summary>
/// <param name="Depth">1 for a 2D texture; more than 1 (or <paramref name="Is3D"/>) for a 3D texture.</param>
public sealed record TextureDescription(int Width, int Height, int Depth, TextureFormat Format, bool Linear, bool Is3D)
{
    public static TextureDescription Texture2D(int width, int height, TextureFormat format, bool linear) =>
        new(width, height, 1, format, linear, false);

    public static TextureDescription Texture3D(int width, int height, int depth, TextureFormat format, bool linear) =>
        new(width, height, depth, format, linear, true);

    public int BytesPerTexel => Format switch
    {
        TextureFormat.R16 => 2,
        TextureFormat.Rg16 => 4,
        TextureFormat.Rgba8 => 4,
        _ => 1,
    };
}
