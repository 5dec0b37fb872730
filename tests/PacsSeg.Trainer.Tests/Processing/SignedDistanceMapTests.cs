using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Tests.Processing;

public class SignedDistanceMapTests
{
    private static bool[] Square(int size, int x0, int y0, int side)
    {
        var mask = new bool[size * size];
        for (int y = y0; y < y0 + side; y++)
        {
            for (int x = x0; x < x0 + side; x++)
                mask[y * size + x] = true;
        }
        return mask;
    }

    [Test]
    public void DistanceToOutside_MatchesBruteForceOnRandomMasks()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 5; trial++)
        {
            int sx = 9 + trial, sy = 7 + 2 * trial;
            var mask = Enumerable.Range(0, sx * sy).Select(_ => random.NextDouble() < 0.7).ToArray();
            mask[0] = false; // at least one outside pixel

            var edt = SignedDistanceMap.DistanceToOutside(mask, sx, sy);

            for (int n = 0; n < mask.Length; n++)
            {
                double expected = 0;
                if (mask[n])
                {
                    expected = double.MaxValue;
                    for (int m = 0; m < mask.Length; m++)
                    {
                        if (!mask[m])
                            expected = Math.Min(expected, Math.Sqrt(Math.Pow(n % sx - m % sx, 2) + Math.Pow(n / sx - m / sx, 2)));
                    }
                }
                Assert.That(edt[n], Is.EqualTo(expected).Within(1e-9), $"pixel {n} of trial {trial}");
            }
        }
    }

    [Test]
    public void Compute_ThreeByThreeSquare_HasExactLayersAndZeroInnerBoundary()
    {
        var sdm = SignedDistanceMap.Compute(Square(7, 2, 2, 3), 7, 7);

        Assert.That(sdm[3 * 7 + 3], Is.EqualTo(-2)); // centre: 2 pixels from the background
        Assert.That(sdm[2 * 7 + 2], Is.EqualTo(0)); // inner boundary
        Assert.That(sdm[3 * 7 + 1], Is.EqualTo(1)); // just outside the left edge
        Assert.That(sdm[1 * 7 + 1], Is.EqualTo(Math.Sqrt(2)).Within(1e-12)); // diagonal outside the corner
        Assert.That(sdm[0], Is.EqualTo(Math.Sqrt(8)).Within(1e-12));
    }

    [Test]
    public void Compute_EmptyMask_IsAllZero()
    {
        Assert.That(SignedDistanceMap.Compute(new bool[25], 5, 5), Is.All.EqualTo(0));
    }
}
