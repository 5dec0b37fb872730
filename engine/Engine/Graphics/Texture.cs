namespace PacsSeg.Engine.Graphics;

/// <summary>A 2D or 3D texture with immutable storage.</summary>
public sealed class Texture : GraphicsResource
{
    internal Texture(GraphicsDevice device, uint id, TextureDescription description) : base(device, id)
    {
        Description = description;
    }

    public TextureDescription Description { get; }

    /// <summary>Replaces all texels; <paramref name="data"/> holds Width*Height*Depth texels, x fastest.</summary>
    public void Upload<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var d = Description;
        long bytes = (long)d.Width * d.Height * d.Depth * d.BytesPerTexel;
        if ((long)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != bytes)
            throw new ArgumentException($"Texture {d.Width}x{d.Height}x{d.Depth} {d.Format} needs {bytes} bytes.", nameof(data));
        var gl = Device.Gl;
        (uint format, uint type) = d.Format switch
        {
            TextureFormat.R8 => (GLConst.Red, GLConst.UnsignedByte),
            TextureFormat.R16 => (GLConst.Red, GLConst.UnsignedShort),
            TextureFormat.Rg16 => (GLConst.Rg, GLConst.UnsignedShort),
            TextureFormat.R8UI => (GLConst.RedInteger, GLConst.UnsignedByte),
            _ => (GLConst.Rgba, GLConst.UnsignedByte),
        };
        gl.PixelStore(GLConst.UnpackAlignment, 1);
        if (d.Is3D)
            gl.TextureSubImage3D(Id, d.Width, d.Height, d.Depth, format, type, data);
        else
            gl.TextureSubImage2D(Id, d.Width, d.Height, format, type, data);
        gl.CheckError("texture upload");
    }

    public void Bind(uint unit) => Device.Gl.BindTextureUnit(unit, Id);

    internal override void DeleteNow(GL gl) => gl.DeleteTexture(Id);
}
