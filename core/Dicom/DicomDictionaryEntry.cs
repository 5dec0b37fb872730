// One row of the data dictionary (PS3.6): tag or tag range, allowed VRs, VM, keyword.
namespace PacsSeg.Dicom;

/// <summary>One entry of the data dictionary.</summary>
public sealed class DicomDictionaryEntry
{
    internal DicomDictionaryEntry(ushort group, ushort element, ushort groupMask, ushort elementMask, string vrs, string vm, string keyword, bool isRetired)
    {
        Tag = new DicomTag(group, element);
        GroupMask = groupMask;
        ElementMask = elementMask;
        ValueRepresentations = vrs.Length == 0
            ? []
            : vrs.Split('|').Select(code => DicomVR.Parse(code)).ToArray();
        ValueMultiplicity = vm;
        Keyword = keyword;
        IsRetired = isRetired;
    }

    /// <summary>The tag; for a repeating entry such as (60xx,0010), the first tag of the range.</summary>
    public DicomTag Tag { get; }

    /// <summary>Bits of the group that must match (0xFFFF for a single group; 0xFF00 for 60xx groups).</summary>
    public ushort GroupMask { get; }

    /// <summary>Bits of the element that must match.</summary>
    public ushort ElementMask { get; }

    /// <summary>The VRs the standard allows, the usual one first; empty for item delimiters.</summary>
    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    /// <summary>The default VR used when a file does not say (implicit VR): the first allowed one, UN if none.</summary>
    public DicomVR DefaultVR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.UN;

    /// <summary>Value multiplicity as the standard writes it ("1", "2-n", "1-n").</summary>
    public string ValueMultiplicity { get; }

    /// <summary>The keyword (e.g. PatientName).</summary>
    public string Keyword { get; }

    /// <summary>True if the standard has retired the attribute.</summary>
    public bool IsRetired { get; }

    /// <summary>True if <paramref name="tag"/> is this entry's tag or falls in its range.</summary>
    public bool Matches(DicomTag tag)
    {
        if ((tag.Group & GroupMask) != Tag.Group || (tag.Element & ElementMask) != Tag.Element)
        {
            return false;
        }

        // Repeating groups (50xx, 60xx) use even groups only.
        return GroupMask == 0xFFFF || (tag.Group & 1) == 0;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Tag} {string.Join("/", ValueRepresentations)} {ValueMultiplicity} {Keyword}";
}
