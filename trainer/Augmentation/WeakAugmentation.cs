// The weak views: SSL4MIS's RandomGenerator (older form, SPEC 1.12) for 2D, and UA-MT's RandomRotFlip +
// RandomCrop for 3D, with an optional random scale.
// One deliberate difference from SPEC 1.12: RandomGenerator resizes the whole slice to the patch size and the
// SSL4MIS test resizes every slice the same way (SPEC 1.10). PacsSeg models run in the plugin at the plan's
// spacing with a sliding window, and are scored by the trainer on whole slices at that spacing, so a 2D patch
// is a random crop (zero-padded where the slice is smaller) that keeps the pixel scale. With slices the size of
// the patch (SSL4MIS's 256 x 256 ACDC) the two are the same.
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Augmentation;

/// <summary>Weak (geometric) augmentation of a labeled or unlabeled patch.</summary>
public static class WeakAugmentation
{
    /// <summary>
    /// With probability ½ a random rot90 (k ∈ 0..3) and a flip along x or y; otherwise with probability ½ a
    /// rotation by an integer angle in [−20, 19]° (nearest); then a random crop to the patch size (zero-padded,
    /// centred, along an axis where the slice is smaller; none when the slice has the patch size).
    /// With <paramref name="scaleRange"/> &gt; 0 a random zoom in [1 − s, 1 + s] follows the rotation.
    /// </summary>
    public static ImagePatch TwoD(ImagePatch patch, int sizeX, int sizeY, DeterministicRandom random, double scaleRange = 0)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(random);
        if (patch.SizeZ != 1)
            throw new ArgumentException("TwoD augments single-slice patches.", nameof(patch));
        ImagePatch result;
        if (random.Chance(0.5))
            result = SpatialTransforms.Flip(SpatialTransforms.Rot90(patch, random.NextInt(4)), random.NextInt(2));
        else if (random.Chance(0.5))
            result = SpatialTransforms.RotateNearest(patch, random.NextInt(-20, 20));
        else
            result = patch;
        if (scaleRange > 0)
            result = SpatialTransforms.Scale(result, random.Uniform(1 - scaleRange, 1 + scaleRange));
        return result.SizeX == sizeX && result.SizeY == sizeY ? result : SpatialTransforms.RandomCrop(result, sizeX, sizeY, 1, random);
    }

    /// <summary>
    /// A random rot90 in the x-y plane and a flip along a random axis, then a random crop (zero-padded) to the
    /// patch size; with <paramref name="scaleRange"/> &gt; 0 a random zoom first.
    /// </summary>
    public static ImagePatch ThreeD(ImagePatch patch, int sizeX, int sizeY, int sizeZ, DeterministicRandom random, double scaleRange = 0)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(random);
        var result = patch;
        if (scaleRange > 0)
            result = SpatialTransforms.Scale(result, random.Uniform(1 - scaleRange, 1 + scaleRange));
        result = SpatialTransforms.Rot90(result, random.NextInt(4));
        result = SpatialTransforms.Flip(result, random.NextInt(3));
        return SpatialTransforms.RandomCrop(result, sizeX, sizeY, sizeZ, random);
    }
}
