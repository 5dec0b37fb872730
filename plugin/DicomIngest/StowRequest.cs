namespace PacsSeg.Plugin.DicomIngest;

/// <summary>Logger category of STOW-RS requests.</summary>
public sealed class StowRequest;
