// One sliding-window patch: its first voxel and its size in the image's index space. A patch may reach
// past the image when the image is smaller than the patch; those voxels are padding.
namespace PacsSeg.Imaging.Inference;

public readonly record struct PatchBox(int X, int Y, int Z, int SizeX, int SizeY, int SizeZ)
{
    public int VoxelCount => SizeX * SizeY * SizeZ;
}
