// Which of a NIfTI header's transforms placed the voxel grid in space.
namespace PacsSeg.Imaging.IO.Nifti;

public enum NiftiAffineSource
{
    /// <summary>sform_code > 0: the srow_x/y/z affine.</summary>
    Sform,

    /// <summary>qform_code > 0 and sform_code 0: quaternion, offsets and pixdim.</summary>
    Qform,

    /// <summary>Neither code set: nibabel's base affine (voxel sizes, x flipped, grid centred on 0).</summary>
    Base,
}
