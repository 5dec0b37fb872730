namespace PacsSeg.Plugin.Demo;

/// <summary>The demo could not run or did not finish; the message says which stage and why.</summary>
public sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
