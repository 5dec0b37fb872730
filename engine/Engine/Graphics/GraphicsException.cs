namespace PacsSeg.Engine.Graphics;

/// <summary>A graphics failure: no context, a missing entry point, a shader that does not compile.</summary>
public class GraphicsException : Exception
{
    public GraphicsException(string message) : base(message) { }
    public GraphicsException(string message, Exception inner) : base(message, inner) { }
}
