namespace PacsSeg.Engine.Platform;

/// <summary>The window system or headless context could not be set up.</summary>
public sealed class PlatformException : Exception
{
    public PlatformException(string message) : base(message) { }
    public PlatformException(string message, Exception inner) : base(message, inner) { }
}
