namespace PacsSeg.Segmentation.Networks;

/// <summary>Builds a network from its architecture name, as stored in a model package's model.json.</summary>
public static class NetworkFactory
{
    /// <summary>The architecture names this factory knows.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["unet2d", "unet2d-pccs", "vnet3d", "unet3d", "resnet34-vnet", "dual-vnet-resnet34", "aua-vnet3d"];

    public static SegmentationNetwork Create(string architecture, long inChannels, long classes, bool dropout = true) =>
        architecture switch
        {
            "unet2d" => new UNet2D(inChannels, classes, dropout: dropout ? null : new double[5]),
            "unet2d-pccs" => new UNet2D(inChannels, classes, UNet2D.PccsWidths, dropout ? null : new double[5]),
            "vnet3d" => new VNet3D(inChannels, classes, hasDropout: dropout),
            "unet3d" => new UNet3D(inChannels, classes),
            "resnet34-vnet" => new ResNet34VNet(inChannels, classes, hasDropout: dropout),
            "dual-vnet-resnet34" => new DualNetwork3D(inChannels, classes, dropout),
            "aua-vnet3d" => new AuaVNet3D(inChannels, classes, dropout),
            _ => throw new ArgumentException(
                $"Unknown architecture '{architecture}'; known: {string.Join(", ", Architectures)}.", nameof(architecture)),
        };
}
