using System.Globalization;

namespace PacsSeg.Segmentation.Networks;

/// <summary>Builds a network from its architecture name, as stored in a model package's model.json.</summary>
public static class NetworkFactory
{
    /// <summary>The manifest hyperparameter holding the channel widths per level ("8,16,32,64,128"); absent means the architecture's default.</summary>
    public const string WidthsKey = "widths";

    /// <summary>The architecture names this factory knows.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["unet2d", "unet2d-pccs", "vnet3d", "unet3d", "resnet34-vnet", "dual-vnet-resnet34", "aua-vnet3d"];

    /// <summary>Creates the network. <paramref name="widths"/> (channels per level, null: the architecture's default) sets the
    /// size: UNets take any five (unet2d) or two or more (unet3d) widths; the VNets take their first width as the base filter
    /// count and need the doubling series (f, 2f, 4f, 8f, 16f).</summary>
    public static SegmentationNetwork Create(string architecture, long inChannels, long classes, bool dropout = true, IReadOnlyList<long>? widths = null)
    {
        long[]? w = widths?.ToArray();
        if (w is not null && (w.Length == 0 || w.Any(x => x < 1)))
            throw new ArgumentException($"Widths must be positive, got [{string.Join(", ", w)}].", nameof(widths));
        return architecture switch
        {
            "unet2d" => new UNet2D(inChannels, classes, w, dropout: dropout ? null : new double[5]),
            "unet2d-pccs" => new UNet2D(inChannels, classes, w ?? UNet2D.PccsWidths, dropout ? null : new double[5]),
            "vnet3d" => new VNet3D(inChannels, classes, BaseFilters(architecture, w), hasDropout: dropout),
            "unet3d" => new UNet3D(inChannels, classes, w),
            "resnet34-vnet" => new ResNet34VNet(inChannels, classes, BaseFilters(architecture, w), hasDropout: dropout),
            "dual-vnet-resnet34" => new DualNetwork3D(inChannels, classes, dropout),
            "aua-vnet3d" => new AuaVNet3D(inChannels, classes, dropout),
            _ => throw new ArgumentException(
                $"Unknown architecture '{architecture}'; known: {string.Join(", ", Architectures)}.", nameof(architecture)),
        };
    }

    /// <summary>The default widths per level of <paramref name="architecture"/>.</summary>
    public static IReadOnlyList<long> DefaultWidths(string architecture) => architecture switch
    {
        "unet2d" => UNet2D.DefaultWidths,
        "unet2d-pccs" => UNet2D.PccsWidths,
        "unet3d" => UNet3D.DefaultWidths,
        "vnet3d" or "resnet34-vnet" => [16, 32, 64, 128, 256],
        _ => throw new ArgumentException(
            $"Unknown architecture '{architecture}'; known: {string.Join(", ", Architectures)}.", nameof(architecture)),
    };

    /// <summary>The widths named by a manifest's hyperparameters (<see cref="WidthsKey"/>), or null when it names none.</summary>
    public static IReadOnlyList<long>? WidthsFrom(IReadOnlyDictionary<string, string> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (!hyperparameters.TryGetValue(WidthsKey, out var text) || string.IsNullOrWhiteSpace(text))
            return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var widths = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 4096)
                throw new ArgumentException($"Hyperparameter '{WidthsKey}' must be comma-separated widths 1..4096, got '{text}'.", nameof(hyperparameters));
        }
        return widths;
    }

    /// <summary>The text form of <paramref name="widths"/> for <see cref="WidthsKey"/>.</summary>
    public static string FormatWidths(IEnumerable<long> widths) => string.Join(",", widths.Select(w => w.ToString(CultureInfo.InvariantCulture)));

    private static long BaseFilters(string architecture, long[]? widths)
    {
        if (widths is null)
            return 16;
        long f = widths[0];
        if (widths.Length != 5 || widths.Where((w, i) => w != f << i).Any())
            throw new ArgumentException($"Architecture '{architecture}' needs widths f, 2f, 4f, 8f, 16f, got [{string.Join(", ", widths)}].", nameof(widths));
        return f;
    }
}
