// Views of a 2D batch built on the CPU arrays: SPC's strong view and style blending (SPEC 1.12, 4.2) and
// Chaitanya's photometric contrastive views (SPEC 5.4), each drawn from a random stream keyed by the iteration.
using PacsSeg.Torch;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Per-image augmentations of image tensors [B, 1, H, W] in [0, 1].</summary>
public static class BatchViews
{
    /// <summary>SPC's strong view of every image: brightness/contrast jitter 0.8, blur with probability ½.</summary>
    public static Tensor Strong(Tensor images, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(images);
        var strong = new StrongAugmentation();
        return Map(images, (image, w, h) =>
        {
            var patch = strong.Apply(new ImagePatch(image, null, w, h, 1), random);
            return patch.Image;
        });
    }

    /// <summary>The labeled images re-styled with the moments of random unlabeled partners (SPC style blending);
    /// both batches must have the same size.</summary>
    public static Tensor StyleBlendLabeled(Tensor labeled, Tensor unlabeled, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(unlabeled);
        if (labeled.Size(0) != unlabeled.Size(0))
            throw new InvalidOperationException($"Style blending pairs labeled and unlabeled images one to one; got {labeled.Size(0)} and {unlabeled.Size(0)}.");
        var all = Split(labeled).Concat(Split(unlabeled)).ToList();
        var blended = StyleBlending.Blend(all, random);
        return Join(blended.Take(all.Count / 2).ToList(), labeled.Shape);
    }

    /// <summary>Chaitanya's contrastive view: brightness + U[−0.3, 0.3], then contrast × U[0.7, 1.3], clipped to [0, 1.5].</summary>
    public static Tensor Photometric(Tensor images, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Map(images, (image, _, _) =>
        {
            float shift = (float)random.Uniform(-0.3, 0.3);
            float scale = (float)random.Uniform(0.7, 1.3);
            var result = new float[image.Length];
            for (int n = 0; n < image.Length; n++)
                result[n] = Math.Clamp((image[n] + shift) * scale, 0f, 1.5f);
            return result;
        });
    }

    private static Tensor Map(Tensor images, Func<float[], int, int, float[]> transform)
    {
        long[] shape = images.Shape;
        int w = (int)shape[^1], h = (int)shape[^2];
        return Join(Split(images).Select(image => transform(image, w, h)).ToList(), shape);
    }

    private static List<float[]> Split(Tensor images)
    {
        var data = images.Detach().Float().ToArray<float>();
        int b = (int)images.Size(0), count = data.Length / Math.Max(1, b);
        return Enumerable.Range(0, b).Select(i => data.AsSpan(i * count, count).ToArray()).ToList();
    }

    private static Tensor Join(IReadOnlyList<float[]> images, long[] shape)
    {
        int count = images.Count == 0 ? 0 : images[0].Length;
        var data = new float[images.Count * count];
        for (int i = 0; i < images.Count; i++)
            images[i].CopyTo(data, i * count);
        long[] s = (long[])shape.Clone();
        s[0] = images.Count;
        return Tensor.FromArray(data, s);
    }
}
