namespace PacsSeg.Plugin.Configuration;

public sealed class GrpcOptions
{
    /// <summary>Largest request message; a frame announcing more gets RESOURCE_EXHAUSTED before any allocation.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest a GetJob call may wait for a terminal state when the client sets no deadline.</summary>
    public double MaxWaitSeconds { get; set; } = 300;

    /// <summary>Segment calls receiving or running at once (one predicts, the others wait for the model);
    /// a call beyond this gets RESOURCE_EXHAUSTED, so memory for uploads stays bounded.</summary>
    public int MaxConcurrentSegments { get; set; } = 4;

    /// <summary>Largest input of one Segment call (all its messages together). 512 MiB holds a 512 x 512 x 300 CT
    /// as float32 (315 MB); with MaxConcurrentSegments uploads at once this bounds their memory.</summary>
    public long MaxSegmentInputBytes { get; set; } = 512L << 20;

    /// <summary>Largest labels or uncertainty chunk of a Segment reply (grpcio clients accept 4 MiB by default).</summary>
    public int ReplyChunkBytes { get; set; } = 1 << 20;
}
