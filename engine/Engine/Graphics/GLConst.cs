// OpenGL enum values used by the engine (from the Khronos gl.xml registry).
namespace PacsSeg.Engine.Graphics;

public static class GLConst
{
    public const uint Vendor = 0x1F00;
    public const uint Renderer = 0x1F01;
    public const uint Version = 0x1F02;
    public const uint ShadingLanguageVersion = 0x8B8C;
    public const uint Max3DTextureSize = 0x8073;

    public const uint ColorBufferBit = 0x4000;
    public const uint Blend = 0x0BE2;
    public const uint ScissorTest = 0x0C11;
    public const uint DepthTest = 0x0B71;
    public const uint SrcAlpha = 0x0302;
    public const uint OneMinusSrcAlpha = 0x0303;
    public const uint One = 1;

    public const uint Texture2D = 0x0DE1;
    public const uint Texture3D = 0x806F;
    public const uint TextureMinFilter = 0x2801;
    public const uint TextureMagFilter = 0x2800;
    public const uint TextureWrapS = 0x2802;
    public const uint TextureWrapT = 0x2803;
    public const uint TextureWrapR = 0x8072;
    public const int Nearest = 0x2600;
    public const int Linear = 0x2601;
    public const int ClampToEdge = 0x812F;

    public const uint R8 = 0x8229;
    public const uint R16 = 0x822A;
    public const uint R8UI = 0x8232;
    public const uint Rg16 = 0x822C;
    public const uint Rg = 0x8227;
    public const uint Rgba8 = 0x8058;
    public const uint Red = 0x1903;
    public const uint RedInteger = 0x8D94;
    public const uint Rgba = 0x1908;
    public const uint UnsignedByte = 0x1401;
    public const uint UnsignedShort = 0x1403;
    public const uint Float = 0x1406;
    public const uint PackAlignment = 0x0D05;
    public const uint UnpackAlignment = 0x0CF5;

    public const uint Framebuffer = 0x8D40;
    public const uint ReadFramebuffer = 0x8CA8;
    public const uint DrawFramebuffer = 0x8CA9;
    public const uint ColorAttachment0 = 0x8CE0;
    public const uint FramebufferComplete = 0x8CD5;

    public const uint FragmentShader = 0x8B30;
    public const uint VertexShader = 0x8B31;
    public const uint CompileStatus = 0x8B81;
    public const uint LinkStatus = 0x8B82;
    public const uint InfoLogLength = 0x8B84;

    public const uint Triangles = 0x0004;
}
