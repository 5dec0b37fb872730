namespace PacsSeg.Engine.Scene;

/// <summary>What ties an overlay to a series: its Series Instance UID and Frame of Reference UID (either may be unknown).</summary>
public sealed record SeriesIdentity(string? SeriesInstanceUid, string? FrameOfReferenceUid);
