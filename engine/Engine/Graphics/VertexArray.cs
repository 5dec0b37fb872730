namespace PacsSeg.Engine.Graphics;

/// <summary>An empty vertex array: core profile needs one bound to draw the full-screen triangle from gl_VertexID.</summary>
public sealed class VertexArray : GraphicsResource
{
    internal VertexArray(GraphicsDevice device, uint id) : base(device, id) { }

    internal override void DeleteNow(GL gl) => gl.DeleteVertexArray(Id);
}
