// Tolerances and permissions for series assembly.
namespace PacsSeg.Imaging.Series;

public sealed record SeriesAssemblyOptions
{
    /// <summary>Largest difference between orientation cosines still treated as the same orientation.</summary>
    public double OrientationTolerance { get; init; } = 1e-3;

    /// <summary>Largest deviation of a slice gap from the median gap, as a fraction of the median.</summary>
    public double SpacingTolerance { get; init; } = 0.05;

    /// <summary>Slices closer than this along the normal are duplicates (mm).</summary>
    public double DuplicateToleranceMm { get; init; } = 1e-3;

    /// <summary>In-plane offset per slice (mm) above which the series counts as tilted.</summary>
    public double TiltToleranceMm { get; init; } = 1e-3;

    /// <summary>
    /// Accept a gantry-tilted series as a sheared grid (the slice axis follows the real slice positions,
    /// not the normal). When false a tilt is an error.
    /// </summary>
    public bool AllowGantryTilt { get; init; }

    public static SeriesAssemblyOptions Default { get; } = new();
}
