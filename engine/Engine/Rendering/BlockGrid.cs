// The coarse grid for empty-space skipping: per block of 8^3 voxels (grown by one voxel on each
// side, because trilinear samples near a border read the neighbour block) the intensity range,
// the labels present and the largest uncertainty. Occupancy for the current transfer function is
// derived from it without touching the voxels again.
using PacsSeg.Engine.Scene;

namespace PacsSeg.Engine.Rendering;

/// <summary>Per-block statistics of a scene, and the occupancy they imply.</summary>
public sealed class BlockGrid
{
    public const int BlockSize = 8;

    private readonly ushort[] _min;
    private readonly ushort[] _max;
    private readonly ulong[] _labels; // 4 words (256 bits) per block
    private readonly byte[] _uncertaintyMax;

    public BlockGrid(ViewerScene scene, ushort[] normalized, byte[]? uncertainty)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var g = scene.Intensity.Geometry;
        CountX = (g.SizeX + BlockSize - 1) / BlockSize;
        CountY = (g.SizeY + BlockSize - 1) / BlockSize;
        CountZ = (g.SizeZ + BlockSize - 1) / BlockSize;
        int blocks = CountX * CountY * CountZ;
        _min = new ushort[blocks];
        _max = new ushort[blocks];
        _labels = new ulong[blocks * 4];
        _uncertaintyMax = new byte[blocks];
        byte[]? labels = scene.Labels?.Voxels;
        Parallel.For(0, CountZ, bz =>
        {
            for (int by = 0; by < CountY; by++)
            for (int bx = 0; bx < CountX; bx++)
            {
                int b = (bz * CountY + by) * CountX + bx;
                ushort lo = ushort.MaxValue, hi = 0;
                byte umax = 0;
                int z0 = Math.Max(bz * BlockSize - 1, 0), z1 = Math.Min(bz * BlockSize + BlockSize, g.SizeZ - 1);
                int y0 = Math.Max(by * BlockSize - 1, 0), y1 = Math.Min(by * BlockSize + BlockSize, g.SizeY - 1);
                int x0 = Math.Max(bx * BlockSize - 1, 0), x1 = Math.Min(bx * BlockSize + BlockSize, g.SizeX - 1);
                for (int z = z0; z <= z1; z++)
                for (int y = y0; y <= y1; y++)
                {
                    int row = (z * g.SizeY + y) * g.SizeX;
                    for (int x = x0; x <= x1; x++)
                    {
                        ushort v = normalized[row + x];
                        if (v < lo) lo = v;
                        if (v > hi) hi = v;
                        if (labels is not null)
                        {
                            byte l = labels[row + x];
                            _labels[b * 4 + (l >> 6)] |= 1UL << (l & 63);
                        }
                        if (uncertainty is not null && uncertainty[row + x] > umax)
                            umax = uncertainty[row + x];
                    }
                }
                _min[b] = lo;
                _max[b] = hi;
                _uncertaintyMax[b] = umax;
            }
        });
    }

    public int CountX { get; }
    public int CountY { get; }
    public int CountZ { get; }

    /// <summary>Occupancy bit: the transfer function is non-zero somewhere in the block's intensity range.</summary>
    public const byte TransferBit = 1;
    /// <summary>Occupancy bit: a visible label is in the block (the raymarcher fetches labels only here).</summary>
    public const byte LabelBit = 2;
    /// <summary>Occupancy bit: uncertainty above the threshold is in the block.</summary>
    public const byte UncertaintyBit = 4;

    /// <summary>
    /// One byte per block of <see cref="TransferBit"/>, <see cref="LabelBit"/> and <see cref="UncertaintyBit"/>;
    /// 0 where nothing in the block can be visible.
    /// </summary>
    /// <param name="transferAlpha">256 opacities of the baked transfer function.</param>
    /// <param name="tfScale">Transfer coordinate = normalized intensity * scale + bias.</param>
    public byte[] Occupancy(ReadOnlySpan<byte> transferAlpha, double tfScale, double tfBias, bool[]? visibleLabels, double? uncertaintyThreshold)
    {
        var prefix = new int[257];
        for (int n = 0; n < 256; n++)
            prefix[n + 1] = prefix[n] + (transferAlpha[n] > 0 ? 1 : 0);
        ulong[] visibleMask = new ulong[4];
        if (visibleLabels is not null)
        {
            for (int l = 1; l < 256; l++)
                if (visibleLabels[l])
                    visibleMask[l >> 6] |= 1UL << (l & 63);
        }
        int uThreshold = uncertaintyThreshold is double t ? (int)Math.Floor(t * 255) : int.MaxValue;
        var occ = new byte[_min.Length];
        for (int b = 0; b < occ.Length; b++)
        {
            double a = _min[b] / 65535.0 * tfScale + tfBias;
            double c = _max[b] / 65535.0 * tfScale + tfBias;
            if (a > c)
                (a, c) = (c, a);
            int i0 = (int)Math.Floor(Math.Clamp(a, 0, 1) * 255);
            int i1 = (int)Math.Ceiling(Math.Clamp(c, 0, 1) * 255);
            byte bits = prefix[i1 + 1] - prefix[i0] > 0 ? TransferBit : (byte)0;
            if (visibleLabels is not null)
            {
                for (int w = 0; w < 4; w++)
                {
                    if ((_labels[b * 4 + w] & visibleMask[w]) != 0)
                        bits |= LabelBit;
                }
            }
            if (_uncertaintyMax[b] > uThreshold)
                bits |= UncertaintyBit;
            occ[b] = bits;
        }
        return occ;
    }
}
