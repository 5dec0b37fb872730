// A DICOM attribute tag (group, element): an immutable value, ordered as the standard orders datasets.
using System.Globalization;

namespace PacsSeg.Dicom;

/// <summary>A DICOM attribute tag (gggg,eeee).</summary>
public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    /// <summary>Creates the tag (group, element).</summary>
    public DicomTag(ushort group, ushort element)
    {
        Group = group;
        Element = element;
    }

    /// <summary>Creates a tag from its 32-bit value, group in the high half.</summary>
    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    /// <summary>The group number.</summary>
    public ushort Group { get; }

    /// <summary>The element number.</summary>
    public ushort Element { get; }

    /// <summary>Group and element as one number, group in the high half: datasets are sorted by it.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>True for tags of odd groups (other than 1, 3, 5, 7 and FFFF, which the standard forbids).</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 8 && Group != 0xFFFF;

    /// <summary>True for a private creator element (gggg,0010-00FF) of an odd group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x10 && Element <= 0xFF;

    /// <summary>True for a group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>For a private data element (gggg,xxyy): the creator element (gggg,00xx) that reserves its block.</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    /// <summary>The dictionary entry of this tag, or null if it has none (private and unknown tags).</summary>
    public DicomDictionaryEntry? DictionaryEntry => DicomDictionary.Find(this);

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hexadecimal).</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (t.Length != 8 || !uint.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException($"'{text}' is not a DICOM tag (expected (gggg,eeee)).");
        }

        return new DicomTag(v);
    }

    /// <inheritdoc/>
    public bool Equals(DicomTag other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomTag t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <inheritdoc/>
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>"(gggg,eeee)" in upper-case hexadecimal, as dcmdump prints it.</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>Equality.</summary>
    public static bool operator ==(DicomTag a, DicomTag b) => a.Value == b.Value;

    /// <summary>Inequality.</summary>
    public static bool operator !=(DicomTag a, DicomTag b) => a.Value != b.Value;

    /// <summary>Order.</summary>
    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;

    /// <summary>Order.</summary>
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;

    /// <summary>Order.</summary>
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;

    /// <summary>Order.</summary>
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;
}
