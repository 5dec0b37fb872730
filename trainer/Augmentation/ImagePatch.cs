// The unit augmentations work on: one single-channel image (x fastest) and optionally its label map.
namespace PacsSeg.Trainer.Augmentation;

/// <summary>A single-channel image with an optional label map on the same grid; SizeZ = 1 is 2D.</summary>
public sealed class ImagePatch
{
    public ImagePatch(float[] image, byte[]? label, int sizeX, int sizeY, int sizeZ)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0 || (long)sizeX * sizeY * sizeZ != image.Length)
            throw new ArgumentException($"Image holds {image.Length} values; grid is {sizeX}x{sizeY}x{sizeZ}.");
        if (label is not null && label.Length != image.Length)
            throw new ArgumentException($"Label holds {label.Length} values, image {image.Length}.");
        Image = image;
        Label = label;
        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
    }

    public float[] Image { get; }
    public byte[]? Label { get; }
    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }
    public int Count => Image.Length;

    public int Index(int i, int j, int k) => (k * SizeY + j) * SizeX + i;

    public ImagePatch Clone() => new((float[])Image.Clone(), (byte[]?)Label?.Clone(), SizeX, SizeY, SizeZ);

    /// <summary>A patch of the given size whose voxel (i, j, k) comes from <paramref name="source"/>(i, j, k), or 0 where it returns -1.</summary>
    public static ImagePatch Sample(ImagePatch from, int sizeX, int sizeY, int sizeZ, Func<int, int, int, int> source)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(source);
        var image = new float[(long)sizeX * sizeY * sizeZ];
        var label = from.Label is null ? null : new byte[image.Length];
        int n = 0;
        for (int k = 0; k < sizeZ; k++)
        {
            for (int j = 0; j < sizeY; j++)
            {
                for (int i = 0; i < sizeX; i++, n++)
                {
                    int m = source(i, j, k);
                    if (m < 0)
                        continue;
                    image[n] = from.Image[m];
                    if (label is not null)
                        label[n] = from.Label![m];
                }
            }
        }
        return new ImagePatch(image, label, sizeX, sizeY, sizeZ);
    }
}
