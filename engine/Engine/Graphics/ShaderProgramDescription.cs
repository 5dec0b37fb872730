namespace PacsSeg.Engine.Graphics;

/// <summary>A GLSL program: sources (without #version) and the feature #defines prepended to both stages.</summary>
public sealed record ShaderProgramDescription(string Name, string VertexSource, string FragmentSource, IReadOnlyList<string> Defines)
{
    public string DefineList => Defines.Count == 0 ? "(none)" : string.Join(' ', Defines);
}
