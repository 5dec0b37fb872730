namespace PacsSeg.Engine.Scene;

/// <summary>Input that cannot be shown: unknown format, overlays on another grid, an unreadable file.</summary>
public sealed class SceneException : Exception
{
    public SceneException(string message) : base(message) { }
    public SceneException(string message, Exception inner) : base(message, inner) { }
}
