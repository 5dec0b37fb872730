namespace PacsSeg.Plugin.Configuration;

public sealed class GrpcOptions
{
    /// <summary>Largest request message; a frame announcing more gets RESOURCE_EXHAUSTED before any allocation.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest a GetJob call may wait for a terminal state when the client sets no deadline.</summary>
    public double MaxWaitSeconds { get; set; } = 300;
}
