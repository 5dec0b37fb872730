namespace PacsSeg.Engine.Scene;

/// <summary>A control point: position 0..1 across the window, colour and opacity per reference step.</summary>
public sealed record TransferPoint(double Position, double R, double G, double B, double A);
