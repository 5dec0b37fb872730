using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Series;

namespace PacsSeg.Imaging.Tests.Series;

public class SeriesAssemblerTests
{
    private static readonly Vec3 Row = new(1, 0, 0);
    private static readonly Vec3 Col = new(0, 1, 0);

    /// <summary>A 3x2 slice whose stored pixels all equal <paramref name="value"/>.</summary>
    private static SliceDescriptor Slice(Vec3 position, float value, Vec3? row = null, Vec3? col = null, int rows = 2, int columns = 3) => new()
    {
        Source = $"slice{value}",
        Rows = rows,
        Columns = columns,
        Position = position,
        RowDirection = row ?? Row,
        ColumnDirection = col ?? Col,
        RowSpacing = 0.8,
        ColumnSpacing = 0.6,
        FrameOfReferenceUid = "1.2.3",
        Pixels = d => d.Fill(value),
    };

    private static SeriesAssemblyException Fails(IEnumerable<SliceDescriptor> slices, SeriesAssemblyOptions? options = null) =>
        Assert.Throws<SeriesAssemblyException>(() => SeriesAssembler.Assemble(slices, options))!;

    [Test]
    public void Assemble_ReversedAndShuffledAxialSlices_OrdersThemAlongTheNormal()
    {
        var slices = new[] { 2, 0, 3, 1 }.Select(k => Slice(new Vec3(-10, 20, 100 - 2.5 * k), k)).ToList();

        var result = SeriesAssembler.Assemble(slices);

        // Normal of row x col is +z (superior); the lowest z (k = 3) comes first.
        Assert.That(result.Volume.Geometry.Origin, Is.EqualTo(new Vec3(-10, 20, 92.5)));
        Assert.That(result.Volume.Geometry.Spacing, Is.EqualTo(new Vec3(0.6, 0.8, 2.5)));
        Assert.That(Enumerable.Range(0, 4).Select(k => result.Volume[0, 0, k]), Is.EqualTo(new[] { 3f, 2f, 1f, 0f }));
        Assert.That(result.Slices[0].Source, Is.EqualTo("slice3"));
    }

    [Test]
    public void Assemble_SagittalSlices_PutsEachSliceWhereItsPositionSays()
    {
        // Sagittal: rows run anterior->posterior (+y), columns head->feet (-z); normal = y x -z = -x.
        var row = new Vec3(0, 1, 0);
        var col = new Vec3(0, 0, -1);
        var slices = Enumerable.Range(0, 5).Select(k => Slice(new Vec3(30 - 1.5 * k, -50, 80), k, row, col)).ToList();

        var result = SeriesAssembler.Assemble(slices);
        var g = result.Volume.Geometry;

        for (int k = 0; k < 5; k++)
        {
            var position = g.IndexToPatient(0, 0, k);
            var expected = slices.Single(s => Vec3.Distance(s.Position, position) < 1e-9);
            Assert.That(result.Volume[0, 0, k], Is.EqualTo(float.Parse(expected.Source[5..])));
        }
        Assert.That(g.Direction.Column(2), Is.EqualTo(new Vec3(-1, 0, 0)));
        Assert.That(g.IndexToPatient(2, 1, 0), Is.EqualTo(new Vec3(30, -50 + 1.2, 80 - 0.8)));
    }

    [Test]
    public void Assemble_RescaleSlopeAndIntercept_GiveRealValues()
    {
        var slices = Enumerable.Range(0, 2).Select(k => Slice(new Vec3(0, 0, k), 1000 + k) with { RescaleSlope = 2, RescaleIntercept = -1024 }).ToList();

        var result = SeriesAssembler.Assemble(slices);

        Assert.That(result.Volume[1, 1, 1], Is.EqualTo(2 * 1001f - 1024f));
    }

    [Test]
    public void Assemble_OneSliceMissing_ReportsMissingSlicesWithNeighbours()
    {
        var slices = new[] { 0, 1, 2, 4, 5 }.Select(k => Slice(new Vec3(0, 0, 3.0 * k), k)).ToList();

        var e = Fails(slices);

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.MissingSlices));
        Assert.That(e.Message, Does.Contain("1 slice(s) missing").And.Contain("slice2").And.Contain("slice4"));
    }

    [Test]
    public void Assemble_TwoSlicesAtOnePosition_ReportsDuplicates()
    {
        var slices = new[] { 0, 1, 2 }.Select(k => Slice(new Vec3(0, 0, k), k)).Append(Slice(new Vec3(0, 0, 1), 7)).ToList();

        var e = Fails(slices);

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.DuplicateSlices));
        Assert.That(e.Message, Does.Contain("slice1").And.Contain("slice7"));
    }

    [Test]
    public void Assemble_MixedSizes_ReportsMixedSizes()
    {
        var slices = new[] { Slice(new Vec3(0, 0, 0), 0), Slice(new Vec3(0, 0, 1), 1, rows: 4), Slice(new Vec3(0, 0, 2), 2) };

        var e = Fails(slices);

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.MixedSizes));
        Assert.That(e.Message, Does.Contain("2 of 3x2").And.Contain("1 of 3x4"));
    }

    [Test]
    public void Assemble_TwoOrientations_ReportsMixedOrientations()
    {
        var slices = new[] { Slice(new Vec3(0, 0, 0), 0), Slice(new Vec3(0, 0, 1), 1, row: new Vec3(0, 1, 0), col: new Vec3(0, 0, -1)) };

        Assert.That(Fails(slices).Problem, Is.EqualTo(SeriesProblem.MixedOrientations));
    }

    [Test]
    public void Assemble_UnevenGaps_ReportsIrregularSpacing()
    {
        var slices = new[] { 0, 1, 2.6, 3.6 }.Select((z, k) => Slice(new Vec3(0, 0, z), k)).ToList();

        Assert.That(Fails(slices).Problem, Is.EqualTo(SeriesProblem.IrregularSpacing));
    }

    [Test]
    public void Assemble_GantryTilt_IsAnErrorUnlessAllowedThenAShearedGridThroughEverySlice()
    {
        // Each slice moves 2 mm along z and 0.5 mm along y (posterior): about 14 degrees of tilt.
        var slices = Enumerable.Range(0, 4).Select(k => Slice(new Vec3(0, 0.5 * k, 2.0 * k), k)).ToList();

        var e = Fails(slices);
        var result = SeriesAssembler.Assemble(slices, new SeriesAssemblyOptions { AllowGantryTilt = true });

        Assert.That(e.Problem, Is.EqualTo(SeriesProblem.GantryTilt));
        Assert.That(e.Message, Does.Contain("14"));
        Assert.That(result.GantryTiltDegrees, Is.EqualTo(Math.Atan2(0.5, 2) * 180 / Math.PI).Within(1e-9));
        for (int k = 0; k < 4; k++)
            Assert.That(Vec3.Distance(result.Volume.Geometry.IndexToPatient(0, 0, k), slices[k].Position), Is.LessThan(1e-9));
    }

    [Test]
    public void Assemble_PixelReaderFails_ReportsInvalidPixelDataWithSource()
    {
        var slices = new[] { Slice(new Vec3(0, 0, 0), 0), Slice(new Vec3(0, 0, 1), 1) with { Pixels = _ => throw new InvalidDataException("bad frame") } };

        var inner = Fails(slices);

        Assert.That(inner.Problem, Is.EqualTo(SeriesProblem.InvalidPixelData));
        Assert.That(inner.Message, Does.Contain("slice1").And.Contain("bad frame"));
    }

    [Test]
    public void Assemble_SingleSlice_UsesSliceThicknessAsSpacing()
    {
        var result = SeriesAssembler.Assemble([Slice(new Vec3(1, 2, 3), 5) with { SliceThickness = 4 }]);

        Assert.That(result.Volume.Geometry.Spacing.Z, Is.EqualTo(4));
        Assert.That(result.Volume.SizeZ, Is.EqualTo(1));
    }
}
