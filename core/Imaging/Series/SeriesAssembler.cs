// Series -> volume: orders frames along the slice normal, checks that they form one regular grid
// (one size, one orientation, even spacing, no gaps, duplicates or tilt), then fills a float volume
// of real-world values in parallel.
using System.Globalization;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Imaging.Series;

public static class SeriesAssembler
{
    /// <summary>Checks the slices and reads their pixels into a volume in patient LPS space.</summary>
    public static AssembledSeries Assemble(IEnumerable<SliceDescriptor> slices, SeriesAssemblyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (geometry, ordered, tilt) = Plan(slices, options);
        var volume = new Volume<float>(geometry);
        int plane = geometry.SizeX * geometry.SizeY;
        try
        {
            Parallel.For(0, ordered.Count, new ParallelOptions { CancellationToken = cancellationToken }, k => FillSlice(volume, ordered, k, plane));
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is SeriesAssemblyException) is { } first)
        {
            // Callers get the typed error of the first bad slice, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        return new AssembledSeries(volume, ordered, tilt);
    }

    private static void FillSlice(Volume<float> volume, IReadOnlyList<SliceDescriptor> ordered, int k, int plane)
    {
        var slice = ordered[k];
        var target = volume.Voxels.AsSpan(k * plane, plane);
        try
        {
            slice.Pixels(target);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SeriesAssemblyException(SeriesProblem.InvalidPixelData, $"Pixel data of {slice.Source} could not be read: {e.Message}", e);
        }
        float slope = (float)slice.RescaleSlope, intercept = (float)slice.RescaleIntercept;
        if (slope != 1f || intercept != 0f)
        {
            for (int n = 0; n < target.Length; n++)
                target[n] = target[n] * slope + intercept;
        }
    }

    /// <summary>The geometry and slice order <see cref="Assemble"/> would use, without reading pixels.</summary>
    public static (VolumeGeometry Geometry, IReadOnlyList<SliceDescriptor> Ordered, double GantryTiltDegrees) Plan(
        IEnumerable<SliceDescriptor> slices, SeriesAssemblyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slices);
        options ??= SeriesAssemblyOptions.Default;
        var list = slices.ToList();
        if (list.Count == 0)
            throw new SeriesAssemblyException(SeriesProblem.NoSlices, "The series has no image slices.");
        var first = list[0];
        CheckCommonAttributes(list, options);

        var row = first.RowDirection.Normalized();
        var col = first.ColumnDirection.Normalized();
        var normal = Vec3.Cross(row, col);

        var ordered = list.OrderBy(s => Vec3.Dot(s.Position, normal)).ToList();
        var depths = ordered.Select(s => Vec3.Dot(s.Position, normal)).ToArray();
        CheckDuplicates(ordered, depths, options);

        double sliceSpacing;
        Vec3 sliceAxis = normal;
        double tiltDegrees = 0;
        if (ordered.Count == 1)
        {
            sliceSpacing = first.SliceThickness is > 0 and var t && double.IsFinite(t) ? t : 1;
        }
        else
        {
            sliceSpacing = CheckSpacing(ordered, depths, options);
            // Gantry tilt: slice origins drift within the image plane as the depth grows.
            var step = (ordered[^1].Position - ordered[0].Position) / (ordered.Count - 1);
            var inPlane = step - normal * Vec3.Dot(step, normal);
            for (int k = 1; k < ordered.Count; k++)
            {
                var expected = ordered[0].Position + step * k;
                double off = Vec3.Distance(ordered[k].Position, expected);
                if (off > Math.Max(options.TiltToleranceMm, 0.01 * sliceSpacing))
                    throw new SeriesAssemblyException(SeriesProblem.IrregularSpacing,
                        Invariant($"Slice {ordered[k].Source} is {off:G4} mm off the line through the other slice positions."));
            }
            if (inPlane.Length > options.TiltToleranceMm)
            {
                tiltDegrees = Math.Atan2(inPlane.Length, Vec3.Dot(step, normal)) * 180 / Math.PI;
                if (!options.AllowGantryTilt)
                    throw new SeriesAssemblyException(SeriesProblem.GantryTilt,
                        Invariant($"Slices step {inPlane.Length:G4} mm within the image plane per slice: gantry tilt of {tiltDegrees:G3} degrees. Resample the series or allow tilt to get a sheared grid."));
                sliceSpacing = step.Length;
                sliceAxis = step / sliceSpacing;
            }
        }

        var geometry = new VolumeGeometry(first.Columns, first.Rows, ordered.Count, ordered[0].Position,
            new Vec3(first.ColumnSpacing, first.RowSpacing, sliceSpacing), Mat3.FromColumns(row, col, sliceAxis));
        return (geometry, ordered, tiltDegrees);
    }

    private static void CheckCommonAttributes(List<SliceDescriptor> list, SeriesAssemblyOptions options)
    {
        var first = list[0];
        if (first.Rows <= 0 || first.Columns <= 0)
            throw new SeriesAssemblyException(SeriesProblem.MixedSizes, $"{first.Source} has {first.Rows} rows and {first.Columns} columns.");
        if (!(first.RowSpacing > 0 && first.ColumnSpacing > 0) || !double.IsFinite(first.RowSpacing + first.ColumnSpacing))
            throw new SeriesAssemblyException(SeriesProblem.MixedPixelSpacing, Invariant($"{first.Source} has pixel spacing {first.RowSpacing}\\{first.ColumnSpacing}."));
        CheckOrientation(first);
        foreach (var s in list)
        {
            if (s.Rows != first.Rows || s.Columns != first.Columns)
            {
                var sizes = list.GroupBy(x => (x.Rows, x.Columns)).Select(g => $"{g.Count()} of {g.Key.Columns}x{g.Key.Rows}");
                throw new SeriesAssemblyException(SeriesProblem.MixedSizes, $"Slices differ in size ({string.Join(", ", sizes)}); first mismatch: {s.Source}.");
            }
            if (Math.Abs(s.RowSpacing - first.RowSpacing) > 1e-4 * first.RowSpacing || Math.Abs(s.ColumnSpacing - first.ColumnSpacing) > 1e-4 * first.ColumnSpacing)
                throw new SeriesAssemblyException(SeriesProblem.MixedPixelSpacing,
                    Invariant($"{s.Source} has pixel spacing {s.RowSpacing}\\{s.ColumnSpacing}, {first.Source} {first.RowSpacing}\\{first.ColumnSpacing}."));
            CheckOrientation(s);
            if (MaxDifference(s.RowDirection.Normalized(), first.RowDirection.Normalized()) > options.OrientationTolerance
                || MaxDifference(s.ColumnDirection.Normalized(), first.ColumnDirection.Normalized()) > options.OrientationTolerance)
                throw new SeriesAssemblyException(SeriesProblem.MixedOrientations,
                    $"{s.Source} has orientation {s.RowDirection}/{s.ColumnDirection}, {first.Source} {first.RowDirection}/{first.ColumnDirection}: the series holds more than one stack.");
            if (s.FrameOfReferenceUid != first.FrameOfReferenceUid)
                throw new SeriesAssemblyException(SeriesProblem.MixedFrameOfReference,
                    $"{s.Source} is in frame of reference '{s.FrameOfReferenceUid}', {first.Source} in '{first.FrameOfReferenceUid}'.");
            if (!double.IsFinite(s.Position.X + s.Position.Y + s.Position.Z))
                throw new SeriesAssemblyException(SeriesProblem.InvalidOrientation, $"{s.Source} has no usable Image Position (Patient).");
        }
    }

    private static void CheckOrientation(SliceDescriptor s)
    {
        double lr = s.RowDirection.Length, lc = s.ColumnDirection.Length;
        if (!double.IsFinite(lr + lc) || Math.Abs(lr - 1) > 0.01 || Math.Abs(lc - 1) > 0.01
            || Math.Abs(Vec3.Dot(s.RowDirection, s.ColumnDirection)) > 0.01)
            throw new SeriesAssemblyException(SeriesProblem.InvalidOrientation,
                $"{s.Source} has Image Orientation (Patient) {s.RowDirection}/{s.ColumnDirection}: not two orthogonal unit vectors.");
    }

    private static void CheckDuplicates(List<SliceDescriptor> ordered, double[] depths, SeriesAssemblyOptions options)
    {
        var duplicates = new List<string>();
        for (int k = 1; k < ordered.Count; k++)
        {
            if (depths[k] - depths[k - 1] < options.DuplicateToleranceMm)
                duplicates.Add(Invariant($"{ordered[k - 1].Source} and {ordered[k].Source} at {depths[k]:G6} mm"));
        }
        if (duplicates.Count > 0)
            throw new SeriesAssemblyException(SeriesProblem.DuplicateSlices,
                $"{duplicates.Count} duplicate slice position(s): {string.Join("; ", duplicates.Take(5))}{(duplicates.Count > 5 ? "; ..." : "")}.");
    }

    private static double CheckSpacing(List<SliceDescriptor> ordered, double[] depths, SeriesAssemblyOptions options)
    {
        var gaps = new double[depths.Length - 1];
        for (int k = 0; k < gaps.Length; k++)
            gaps[k] = depths[k + 1] - depths[k];
        var sorted = (double[])gaps.Clone();
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2];
        var missing = new List<string>();
        int missingCount = 0;
        for (int k = 0; k < gaps.Length; k++)
        {
            double ratio = gaps[k] / median;
            if (Math.Abs(ratio - 1) <= options.SpacingTolerance)
                continue;
            double whole = Math.Round(ratio);
            if (whole >= 2 && Math.Abs(ratio - whole) <= options.SpacingTolerance * whole)
            {
                missingCount += (int)whole - 1;
                missing.Add(Invariant($"{(int)whole - 1} between {ordered[k].Source} ({depths[k]:G6} mm) and {ordered[k + 1].Source} ({depths[k + 1]:G6} mm)"));
                continue;
            }
            throw new SeriesAssemblyException(SeriesProblem.IrregularSpacing,
                Invariant($"Slice gap of {gaps[k]:G4} mm between {ordered[k].Source} and {ordered[k + 1].Source}; the usual gap is {median:G4} mm."));
        }
        if (missing.Count > 0)
            throw new SeriesAssemblyException(SeriesProblem.MissingSlices,
                Invariant($"{missingCount} slice(s) missing at {median:G4} mm spacing: {string.Join("; ", missing.Take(5))}{(missing.Count > 5 ? "; ..." : "")}."));
        // The mean over the whole stack is more precise than any single rounded gap.
        return (depths[^1] - depths[0]) / gaps.Length;
    }

    private static double MaxDifference(Vec3 a, Vec3 b) => Math.Max(Math.Abs(a.X - b.X), Math.Max(Math.Abs(a.Y - b.Y), Math.Abs(a.Z - b.Z)));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
