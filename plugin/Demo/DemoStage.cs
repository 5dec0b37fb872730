namespace PacsSeg.Plugin.Demo;

/// <summary>One timed stage of the demo: its name, seconds and a short note (counts, sizes).</summary>
public sealed record DemoStage(string Name, double Seconds, string Note = "");
