namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>One PCCS prototype's pixel set: the image, its class and the pixels (indices into h·w).</summary>
public sealed record PrototypeRegion(int Image, int Class, int[] Pixels);
