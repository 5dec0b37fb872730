// A UID with its registry information; new UIDs are made under the 2.25 root from random 128-bit numbers.
using System.Collections.Frozen;
using System.Numerics;
using System.Security.Cryptography;

namespace PacsSeg.Dicom;

/// <summary>A DICOM unique identifier.</summary>
public sealed class DicomUid : IEquatable<DicomUid>
{
    private static readonly Lazy<FrozenDictionary<string, DicomUid>> Registry =
        new(() => DicomUids.All.ToFrozenDictionary(u => u.Value, StringComparer.Ordinal));

    /// <summary>Creates a UID object; use <see cref="Parse"/> to get the registered one for a known value.</summary>
    public DicomUid(string value, string name, DicomUidType type, bool isRetired = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        Name = name;
        Type = type;
        IsRetired = isRetired;
    }

    /// <summary>The dotted value.</summary>
    public string Value { get; }

    /// <summary>The registry name, or the value itself for unregistered UIDs.</summary>
    public string Name { get; }

    /// <summary>What the UID names.</summary>
    public DicomUidType Type { get; }

    /// <summary>True if the standard has retired it.</summary>
    public bool IsRetired { get; }

    /// <summary>True if it is in the standard's registry.</summary>
    public bool IsRegistered => Registry.Value.ContainsKey(Value);

    /// <summary>The registered UID for this value, or a new unregistered one. Trailing NUL/space padding is removed.</summary>
    public static DicomUid Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.TrimEnd('\0', ' ');
        return Registry.Value.TryGetValue(v, out var known) ? known : new DicomUid(v, v, DicomUidType.Other);
    }

    /// <summary>True if the text is a syntactically valid UID (digits and dots, no leading zeros, at most 64 characters).</summary>
    public static bool IsValid(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }

        foreach (var part in value.Split('.'))
        {
            if (part.Length == 0 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new globally unique UID "2.25.&lt;random 122-bit number&gt;" (PS3.5 B.2).</summary>
    public static DicomUid Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4 UUID, as B.2 asks
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var n = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var v = "2.25." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DicomUid(v, v, DicomUidType.Instance);
    }

    /// <inheritdoc/>
    public bool Equals(DicomUid? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomUid u && Equals(u);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
