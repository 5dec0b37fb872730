// Why a set of slices cannot form one regular volume.
namespace PacsSeg.Imaging.Series;

public enum SeriesProblem
{
    NoSlices,
    MixedSizes,
    MixedPixelSpacing,
    InvalidOrientation,
    MixedOrientations,
    MixedFrameOfReference,
    DuplicateSlices,
    MissingSlices,
    IrregularSpacing,
    GantryTilt,
    InvalidPixelData,
    MixedSeries,
    InvalidAttribute,
}
