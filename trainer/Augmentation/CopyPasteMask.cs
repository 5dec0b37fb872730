// BCP's bidirectional copy-paste (SPEC 2.4): a mask of ones with one zero box of 2/3 of each axis.
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Augmentation;

/// <summary>The BCP mask M and the mixing x_a ⊙ M + x_b ⊙ (1 − M).</summary>
public static class CopyPasteMask
{
    /// <summary>
    /// Ones with a zero box of ⌊ratio·size⌋ per axis (z too for 3D) starting at a uniform position in
    /// [0, size − box) — numpy's <c>randint(0, size − box)</c>, so the box never touches the far border.
    /// </summary>
    public static byte[] Create(int sizeX, int sizeY, int sizeZ, DeterministicRandom random, double ratio = 2.0 / 3.0)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(ratio > 0 && ratio < 1))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "ratio must be in (0, 1)");
        int bx = (int)(sizeX * ratio), by = (int)(sizeY * ratio), bz = sizeZ == 1 ? 1 : (int)(sizeZ * ratio);
        int x0 = Start(sizeX, bx, random), y0 = Start(sizeY, by, random), z0 = sizeZ == 1 ? 0 : Start(sizeZ, bz, random);
        var mask = new byte[(long)sizeX * sizeY * sizeZ];
        Array.Fill(mask, (byte)1);
        for (int k = z0; k < z0 + bz; k++)
            for (int j = y0; j < y0 + by; j++)
                mask.AsSpan((k * sizeY + j) * sizeX + x0, bx).Clear();
        return mask;
    }

    /// <summary>a ⊙ M + b ⊙ (1 − M) for images and labels (a patch without label gives none).</summary>
    public static ImagePatch Mix(ImagePatch a, ImagePatch b, ReadOnlySpan<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || mask.Length != a.Count || a.SizeX != b.SizeX || a.SizeY != b.SizeY)
            throw new ArgumentException("Both patches and the mask must have the same size.");
        var image = new float[a.Count];
        byte[]? label = a.Label is not null && b.Label is not null ? new byte[a.Count] : null;
        for (int n = 0; n < image.Length; n++)
        {
            bool fromA = mask[n] != 0;
            image[n] = fromA ? a.Image[n] : b.Image[n];
            if (label is not null)
                label[n] = fromA ? a.Label![n] : b.Label![n];
        }
        return new ImagePatch(image, label, a.SizeX, a.SizeY, a.SizeZ);
    }

    private static int Start(int size, int box, DeterministicRandom random) => size - box > 0 ? random.NextInt(size - box) : 0;
}
