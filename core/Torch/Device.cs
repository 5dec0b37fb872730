namespace PacsSeg.Torch;

/// <summary>Where a tensor lives: the CPU or one CUDA device.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static Device Cpu => new(DeviceType.Cpu);

    public static Device Cuda(int index = 0) => new(DeviceType.Cuda, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            return Cpu;
        if (text.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            return Cuda();
        if (text.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase) &&
            int.TryParse(text.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out int i) && i >= 0)
            return Cuda(i);
        throw new ArgumentException($"Unknown device '{text}': use cpu, cuda or cuda:N.", nameof(text));
    }

    public override string ToString() =>
        Type == DeviceType.Cpu ? "cpu" : Index >= 0 ? $"cuda:{Index}" : "cuda";
}
