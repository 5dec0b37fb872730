// Look-ups in the generated data dictionary: by tag (exact, then repeating ranges) and by keyword.
using System.Collections.Frozen;

namespace PacsSeg.Dicom;

/// <summary>The DICOM data dictionary generated from the standard's tables.</summary>
public static class DicomDictionary
{
    private static readonly Lazy<Tables> TablesInstance = new(Tables.Build);

    /// <summary>All entries in tag order.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => TablesInstance.Value.All;

    /// <summary>The entry for a tag, or null. Group lengths and private creators have rules of their own: see <see cref="GetDefaultVR"/>.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var t = TablesInstance.Value;
        if (t.Exact.TryGetValue(tag.Value, out var e))
        {
            return e;
        }

        foreach (var r in t.Ranges)
        {
            if (r.Matches(tag))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>The entry with this keyword, or null.</summary>
    public static DicomDictionaryEntry? FindByKeyword(string keyword)
        => TablesInstance.Value.ByKeyword.TryGetValue(keyword, out var e) ? e : null;

    /// <summary>The VR an implicit-VR file means for this tag: dictionary VR, UL for group lengths, LO for private creators, UN otherwise.</summary>
    public static DicomVR GetDefaultVR(DicomTag tag)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return DicomVR.UN;
        }

        return Find(tag)?.DefaultVR ?? DicomVR.UN;
    }

    private sealed class Tables
    {
        private Tables(List<DicomDictionaryEntry> all)
        {
            All = all;
            Exact = all.Where(e => e.GroupMask == 0xFFFF && e.ElementMask == 0xFFFF)
                .ToFrozenDictionary(e => e.Tag.Value);
            Ranges = all.Where(e => e.GroupMask != 0xFFFF || e.ElementMask != 0xFFFF).ToArray();
            ByKeyword = all.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);
        }

        public List<DicomDictionaryEntry> All { get; }

        public FrozenDictionary<uint, DicomDictionaryEntry> Exact { get; }

        public DicomDictionaryEntry[] Ranges { get; }

        public FrozenDictionary<string, DicomDictionaryEntry> ByKeyword { get; }

        public static Tables Build() => new(DicomDictionaryData.CreateEntries());
    }
}
