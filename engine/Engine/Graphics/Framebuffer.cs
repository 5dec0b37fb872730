namespace PacsSeg.Engine.Graphics;

/// <summary>An offscreen RGBA8 render target (headless output, low-resolution progressive frames).</summary>
public sealed class Framebuffer : GraphicsResource
{
    internal Framebuffer(GraphicsDevice device, uint id, Texture color) : base(device, id)
    {
        Color = color;
    }

    public Texture Color { get; }
    public int Width => Color.Description.Width;
    public int Height => Color.Description.Height;

    /// <summary>Reads the target back as RGBA rows, top row first.</summary>
    public byte[] ReadPixels()
    {
        var gl = Device.Gl;
        int stride = Width * 4;
        var bottomUp = new byte[stride * Height];
        gl.BindFramebuffer(GLConst.ReadFramebuffer, Id);
        gl.PixelStore(GLConst.PackAlignment, 1);
        gl.ReadPixels(0, 0, Width, Height, GLConst.Rgba, GLConst.UnsignedByte, bottomUp);
        gl.BindFramebuffer(GLConst.ReadFramebuffer, 0);
        var topDown = new byte[bottomUp.Length];
        for (int y = 0; y < Height; y++)
            Array.Copy(bottomUp, y * stride, topDown, (Height - 1 - y) * stride, stride);
        return topDown;
    }

    internal override void DeleteNow(GL gl)
    {
        gl.DeleteFramebuffer(Id);
        Color.Dispose();
    }
}
