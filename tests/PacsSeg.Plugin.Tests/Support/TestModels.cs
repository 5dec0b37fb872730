using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;

namespace PacsSeg.Plugin.Tests.Support;

/// <summary>A tiny randomly initialised (seeded) 2-D U-Net package and CT-like phantoms to run it on: enough to
/// exercise the APIs with the real predictor; outputs are checked against a direct predictor call.</summary>
internal static class TestModels
{
    public static string InstallPhantomModel(string modelsFolder, string name = "phantom", string version = "1", ulong seed = 3, int patchSize = 64)
    {
        TorchRuntime.ManualSeed(seed);
        using var net = NetworkFactory.Create("unet2d", 1, 3);
        return ModelPackage.Save(modelsFolder, new ModelManifest
        {
            Name = name,
            Version = version,
            Architecture = "unet2d",
            InputChannels = 1,
            Classes = [new("background", [0, 0, 0]), new("organ", [221, 130, 101]), new("lesion", [255, 255, 0])],
            TargetSpacing = [1, 1, 2.5],
            Normalization = new IntensityNormalization { Kind = "clip-zscore", Min = -200, Max = 300 },
            PatchSize = [patchSize, patchSize],
        }, net);
    }

    /// <summary>A bright sphere in textured soft tissue (HU), 1 x 1 x 2.5 mm voxels, oblique-free LPS axes.</summary>
    public static Volume<float> Phantom(int sizeX, int sizeY, int sizeZ)
    {
        var geometry = new VolumeGeometry(sizeX, sizeY, sizeZ, new Vec3(-32, -30, 10), new Vec3(1, 1, 2.5), Mat3.Identity);
        var volume = new Volume<float>(geometry);
        for (int k = 0; k < sizeZ; k++)
            for (int j = 0; j < sizeY; j++)
                for (int i = 0; i < sizeX; i++)
                {
                    double r = Math.Sqrt(Math.Pow(i - sizeX / 2.0, 2) + Math.Pow(j - sizeY / 2.0 + 2, 2) + Math.Pow((k - sizeZ / 2.0) * 2.5, 2));
                    volume[i, j, k] = r < Math.Min(sizeX, sizeY) / 4.5 ? 250 : 40 + (i * 7 + j * 3) % 11;
                }
        return volume;
    }
}
