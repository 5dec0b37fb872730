namespace PacsSeg.Engine.Graphics;

/// <summary>A GLSL program that fails to compile or link; carries the driver's log and the feature defines.</summary>
public sealed class ShaderCompileException : GraphicsException
{
    public ShaderCompileException(string program, string defines, string log)
        : base($"Shader program '{program}' [{defines}] failed: {log}")
    {
        Program = program;
        Defines = defines;
        Log = log;
    }

    public string Program { get; }
    public string Defines { get; }
    public string Log { get; }
}
