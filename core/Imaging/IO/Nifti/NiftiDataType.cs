// NIfTI datatype codes (nifti1.h, the same in NIfTI-2) for the voxel types PacsSeg reads and writes.
namespace PacsSeg.Imaging.IO.Nifti;

public enum NiftiDataType : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
    UInt32 = 768,
    Int64 = 1024,
    UInt64 = 1280,
}
