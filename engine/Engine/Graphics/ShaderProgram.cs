namespace PacsSeg.Engine.Graphics;

/// <summary>A linked program with cached uniform locations.</summary>
public sealed class ShaderProgram : GraphicsResource
{
    private readonly Dictionary<string, int> _locations = new(StringComparer.Ordinal);

    internal ShaderProgram(GraphicsDevice device, uint id, ShaderProgramDescription description) : base(device, id)
    {
        Description = description;
    }

    public ShaderProgramDescription Description { get; }

    private int Location(string name)
    {
        if (!_locations.TryGetValue(name, out int loc))
        {
            loc = Device.Gl.GetUniformLocation(Id, name);
            _locations[name] = loc;
        }
        return loc;
    }

    // Uniforms the current feature set compiled out have location -1, which GL ignores by definition.
    public void Set(string name, int v) => Device.Gl.ProgramUniform(Id, Location(name), v);
    public void Set(string name, float v) => Device.Gl.ProgramUniform(Id, Location(name), v);
    public void Set(string name, float x, float y) => Device.Gl.ProgramUniform(Id, Location(name), x, y);
    public void Set(string name, float x, float y, float z) => Device.Gl.ProgramUniform(Id, Location(name), x, y, z);
    public void Set(string name, float x, float y, float z, float w) => Device.Gl.ProgramUniform(Id, Location(name), x, y, z, w);
    public void SetMatrix(string name, ReadOnlySpan<float> columnMajor4x4) => Device.Gl.ProgramUniformMatrix4(Id, Location(name), columnMajor4x4);

    public void Use() => Device.Gl.UseProgram(Id);

    internal override void DeleteNow(GL gl) => gl.DeleteProgram(Id);
}
