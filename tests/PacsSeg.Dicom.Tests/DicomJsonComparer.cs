// Compares a parsed dataset with dcmtk's dcm2json output (the PS3.18 JSON model), value by value.
using System.Globalization;
using System.Text.Json;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests;

internal static class DicomJsonComparer
{
    public static List<string> Compare(JsonElement json, DicomDataset dataset, string path = "")
    {
        var diffs = new List<string>();
        var seen = new HashSet<DicomTag>();
        foreach (var prop in json.EnumerateObject())
        {
            var tag = new DicomTag(uint.Parse(prop.Name, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            seen.Add(tag);

            // dcm2json converts every string to UTF-8 and says so here; the values are compared decoded.
            if (tag == DicomTags.SpecificCharacterSet)
            {
                continue;
            }

            var where = $"{path}{tag}";
            var item = dataset.Find(tag);
            if (item is null)
            {
                diffs.Add($"{where}: missing in PacsSeg");
                continue;
            }

            var vr = prop.Value.GetProperty("vr").GetString()!;
            // pydicom knows some vendors' private dictionaries; PacsSeg keeps implicit private values as UN.
            if (vr != item.VR.Code && tag.IsPrivate && item.VR == DicomVR.UN)
            {
                continue;
            }

            if (vr != item.VR.Code)
            {
                diffs.Add($"{where}: VR {item.VR} vs dcmtk {vr}");
                continue;
            }

            prop.Value.TryGetProperty("Value", out var value);
            switch (item)
            {
                case DicomSequence seq:
                    var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];
                    if (items.Count != seq.Items.Count)
                    {
                        diffs.Add($"{where}: {seq.Items.Count} items vs dcmtk {items.Count}");
                        break;
                    }

                    for (var i = 0; i < items.Count; i++)
                    {
                        diffs.AddRange(Compare(items[i], seq.Items[i], $"{where}[{i}]."));
                    }

                    break;
                case DicomElement e:
                    CompareElement(prop.Value, value, dataset, e, where, diffs);
                    break;
                case DicomFragmentSequence:
                    break;
            }
        }

        foreach (var item in dataset)
        {
            // Neither dcmtk nor pydicom reports trailing padding (FFFC,FFFC) in JSON: it carries nothing.
            if (!seen.Contains(item.Tag) && !item.Tag.IsGroupLength && item.Tag != DicomTags.SpecificCharacterSet && item.Tag != DicomTags.DataSetTrailingPadding)
            {
                diffs.Add($"{path}{item.Tag}: extra in PacsSeg");
            }
        }

        return diffs;
    }

    private static void CompareElement(JsonElement element, JsonElement value, DicomDataset ds, DicomElement e, string where, List<string> diffs)
    {
        if (e.VR.IsString)
        {
            var ours = ds.GetStrings(e.Tag).Select(s => s.Length == 0 ? null : s).ToList();
            while (ours.Count > 0 && ours[^1] is null && value.ValueKind != JsonValueKind.Array)
            {
                ours.RemoveAt(ours.Count - 1);
            }

            var theirs = value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(v => v.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Object => v.TryGetProperty("Alphabetic", out var a) ? PersonName(v) : string.Empty,
                    JsonValueKind.Number => v.GetRawText(),
                    _ => e.VR == DicomVR.LT || e.VR == DicomVR.ST || e.VR == DicomVR.UT ? v.GetString() : v.GetString()?.Trim(),
                }).ToList()
                : [];
            if (e.VR == DicomVR.PN)
            {
                ours = ours.Select(s => s is null ? null : NormalizePersonName(s)).ToList();
                theirs = theirs.Select(s => s is null ? null : NormalizePersonName(s)).ToList();
            }

            // dcmtk 3.6.7 does not apply an item's own character set; where it gave up, its text is no oracle.
            if (theirs.Any(s => s is not null && (s.Contains('\u001b', StringComparison.Ordinal) || s.Contains('\uFFFD', StringComparison.Ordinal))))
            {
                return;
            }

            if (ours.All(s => s is null))
            {
                ours.Clear();
            }

            if (theirs.All(s => s is null))
            {
                theirs.Clear();
            }

            if ((e.VR == DicomVR.DS || e.VR == DicomVR.IS) && ours.Concat(theirs).All(s => s is null || double.TryParse(s, CultureInfo.InvariantCulture, out _)))
            {
                var a = ours.Select(s => s is null ? (double?)null : double.Parse(s, CultureInfo.InvariantCulture)).ToList();
                var b = theirs.Select(s => s is null ? (double?)null : double.Parse(s, CultureInfo.InvariantCulture)).ToList();
                if (!a.SequenceEqual(b))
                {
                    diffs.Add($"{where}: [{string.Join(",", a)}] vs dcmtk [{string.Join(",", b)}]");
                }

                return;
            }

            if (!ours.SequenceEqual(theirs))
            {
                diffs.Add($"{where} {e.VR}: [{string.Join("|", ours)}] vs dcmtk [{string.Join("|", theirs)}]");
            }

            return;
        }

        if (element.TryGetProperty("InlineBinary", out var inline))
        {
            var theirs = Convert.FromBase64String(inline.GetString()!);
            var ours = e.Buffer.GetMemory().ToArray();
            // An odd-length value: one side may have added the padding byte.
            var n = Math.Min(ours.Length, theirs.Length);
            if (Math.Abs(ours.Length - theirs.Length) > 1 || (!ours.AsSpan(0, n).SequenceEqual(theirs.AsSpan(0, n)) && !SwappedEqual(ours, theirs, e.VR.ValueSize)))
            {
                diffs.Add($"{where} {e.VR}: {ours.Length} bytes differ from dcmtk's {theirs.Length}");
            }

            return;
        }

        if (e.VR == DicomVR.AT)
        {
            var ours = ds.GetValues<ushort>(e.Tag).Chunk(2).Select(p => $"{p[0]:X4}{p[1]:X4}").ToList();
            var theirs = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!).ToList() : [];
            if (!ours.SequenceEqual(theirs))
            {
                diffs.Add($"{where} AT: [{string.Join(",", ours)}] vs dcmtk [{string.Join(",", theirs)}]");
            }

            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var ours = ds.GetDoubles(e.Tag);
            var theirs = value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var same = ours.Length == theirs.Length && ours.Zip(theirs).All(p => p.First == p.Second || Math.Abs(p.First - p.Second) <= 1e-6 * Math.Max(1, Math.Abs(p.First)));
            if (!same)
            {
                diffs.Add($"{where} {e.VR}: [{string.Join(",", ours.Take(8))}] vs dcmtk [{string.Join(",", theirs.Take(8))}]");
            }
        }
        else if (e.Length != 0 && !element.TryGetProperty("BulkDataURI", out _))
        {
            diffs.Add($"{where} {e.VR}: PacsSeg has {e.Length} bytes, dcmtk none");
        }
    }

    // pydicom keeps big endian values as they were in the file; PacsSeg holds them little endian.
    private static bool SwappedEqual(byte[] ours, byte[] theirs, int size)
    {
        if (size < 2 || ours.Length != theirs.Length)
        {
            return false;
        }

        var swapped = (byte[])theirs.Clone();
        for (var i = 0; i + size <= swapped.Length; i += size)
        {
            Array.Reverse(swapped, i, size);
        }

        return ours.AsSpan().SequenceEqual(swapped);
    }

    // Empty trailing components and groups carry no information; dcmtk drops them.
    private static string? NormalizePersonName(string s)
    {
        var groups = s.Split('=').Select(g => g.TrimEnd('^', ' ')).ToList();
        while (groups.Count > 0 && groups[^1].Length == 0)
        {
            groups.RemoveAt(groups.Count - 1);
        }

        var r = string.Join("=", groups);
        return r.Length == 0 ? null : r;
    }

    private static string PersonName(JsonElement v)
    {
        var parts = new List<string>();
        foreach (var key in new[] { "Alphabetic", "Ideographic", "Phonetic" })
        {
            parts.Add(v.TryGetProperty(key, out var p) ? p.GetString() ?? string.Empty : string.Empty);
        }

        return string.Join("=", parts).TrimEnd('=');
    }
}
