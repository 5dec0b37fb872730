// Element-by-element comparison of two datasets (tags, VRs, value bytes, items, fragments).
namespace PacsSeg.Dicom.Tests;

internal static class DatasetDiff
{
    public static List<string> Diff(DicomDataset a, DicomDataset b, bool privateAsUN = false, string path = "")
    {
        var diffs = new List<string>();
        var tags = a.Select(i => i.Tag).Union(b.Select(i => i.Tag)).Where(t => !t.IsGroupLength).Order();
        foreach (var tag in tags)
        {
            var x = a.Find(tag);
            var y = b.Find(tag);
            var where = path + tag;
            if (x is null || y is null)
            {
                diffs.Add($"{where}: only in {(x is null ? "second" : "first")}");
                continue;
            }

            if (privateAsUN && tag.IsPrivate && !tag.IsPrivateCreator && y.VR == DicomVR.UN && x is DicomElement && y is DicomElement)
            {
                y = new DicomElement(tag, x.VR, ((DicomElement)y).Buffer);
            }

            if (x.VR != y.VR || x.GetType() != y.GetType())
            {
                diffs.Add($"{where}: {x.VR}/{x.GetType().Name} vs {y.VR}/{y.GetType().Name}");
                continue;
            }

            switch (x)
            {
                case DicomElement ex:
                    var vx = ex.Buffer.GetMemory().Span;
                    var vy = ((DicomElement)y).Buffer.GetMemory().Span;
                    var n = Math.Min(vx.Length, vy.Length);
                    if (Math.Abs(vx.Length - vy.Length) > 1 || !vx[..n].SequenceEqual(vy[..n]))
                    {
                        diffs.Add($"{where}: values differ ({vx.Length} vs {vy.Length} bytes)");
                    }

                    break;
                case DicomSequence sx:
                    var sy = (DicomSequence)y;
                    if (sx.Items.Count != sy.Items.Count)
                    {
                        diffs.Add($"{where}: {sx.Items.Count} vs {sy.Items.Count} items");
                        break;
                    }

                    for (var i = 0; i < sx.Items.Count; i++)
                    {
                        diffs.AddRange(Diff(sx.Items[i], sy.Items[i], privateAsUN, $"{where}[{i}]."));
                    }

                    break;
                case DicomFragmentSequence fx:
                    var fy = (DicomFragmentSequence)y;
                    if (fx.Fragments.Count != fy.Fragments.Count || !fx.OffsetTable.GetMemory().Span.SequenceEqual(fy.OffsetTable.GetMemory().Span))
                    {
                        diffs.Add($"{where}: fragments differ");
                    }

                    break;
            }
        }

        return diffs;
    }
}
