// A volume built from a series, with the slices in the order they fill it.
namespace PacsSeg.Imaging.Series;

public sealed class AssembledSeries
{
    internal AssembledSeries(Volume<float> volume, IReadOnlyList<SliceDescriptor> slices, double gantryTiltDegrees)
    {
        Volume = volume;
        Slices = slices;
        GantryTiltDegrees = gantryTiltDegrees;
    }

    /// <summary>Real-world values (rescale slope and intercept applied: HU for CT).</summary>
    public Volume<float> Volume { get; }

    /// <summary>Slice k of the volume came from Slices[k] (ordered along the slice normal).</summary>
    public IReadOnlyList<SliceDescriptor> Slices { get; }

    /// <summary>Angle between the slice stepping and the normal; 0 unless a tilt was allowed.</summary>
    public double GantryTiltDegrees { get; }
}
