// Finds the source slice a multi-frame object's frame belongs to: by the instance it derives from, else by its
// Image Position (Patient) along the slice normal (within half a slice thickness).
namespace PacsSeg.Dicom.Iod;

internal sealed class SourceSliceLocator
{
    private readonly Dictionary<string, int> _bySop = new(StringComparer.Ordinal);
    private readonly double[] _normal;
    private readonly double[] _positions;
    private readonly double _thickness;

    public SourceSliceLocator(SegmentationGeometry geometry)
    {
        for (var i = 0; i < geometry.Slices.Count; i++)
        {
            _bySop.TryAdd(geometry.Slices[i].SopInstanceUid, i);
        }

        _normal = Normal(geometry.ImageOrientationPatient);
        _positions = geometry.Slices.Select(s => Dot(_normal, s.ImagePositionPatient)).ToArray();
        _thickness = geometry.SliceThickness;
    }

    public int SliceOf(DicomDataset group, int frame)
    {
        foreach (var derivation in group.GetSequenceItems(DicomTags.DerivationImageSequence))
        {
            foreach (var source in derivation.GetSequenceItems(DicomTags.SourceImageSequence))
            {
                if (source.GetStringOrDefault(DicomTags.ReferencedSOPInstanceUID) is { } uid && _bySop.TryGetValue(uid, out var index))
                {
                    return index;
                }
            }
        }

        var position = group.GetSequenceItems(DicomTags.PlanePositionSequence).FirstOrDefault()?.GetDoubles(DicomTags.ImagePositionPatient);
        if (position is { Length: 3 })
        {
            var d = Dot(_normal, position);
            var best = 0;
            for (var i = 1; i < _positions.Length; i++)
            {
                if (Math.Abs(_positions[i] - d) < Math.Abs(_positions[best] - d))
                {
                    best = i;
                }
            }

            if (_positions.Length > 0 && Math.Abs(_positions[best] - d) <= Math.Max(_thickness, 1e-3) / 2)
            {
                return best;
            }
        }

        throw new DicomDataException($"Frame {frame + 1} matches no source slice by instance or position.");
    }

    private static double[] Normal(double[] o) =>
    [
        (o[1] * o[5]) - (o[2] * o[4]),
        (o[2] * o[3]) - (o[0] * o[5]),
        (o[0] * o[4]) - (o[1] * o[3]),
    ];

    private static double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);
}
