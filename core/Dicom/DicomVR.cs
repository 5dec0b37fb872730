// Value representations as fixed objects that carry their encoding rules (PS3.5 section 6.2).
using System.Collections.Frozen;

namespace PacsSeg.Dicom;

/// <summary>A DICOM value representation and its rules.</summary>
public sealed class DicomVR
{
    private DicomVR(string code, string name, bool is16BitLength, bool isString, byte padding, int maxLength, int valueSize, bool usesCharacterSet = false, bool isMultiValueString = true)
    {
        Code = code;
        Name = name;
        Is16BitLength = is16BitLength;
        IsString = isString;
        PaddingByte = padding;
        MaxLength = maxLength;
        ValueSize = valueSize;
        UsesCharacterSet = usesCharacterSet;
        IsMultiValueString = isString && isMultiValueString;
        CodeValue = (ushort)((code[0] << 8) | code[1]);
    }

    /// <summary>Application Entity.</summary>
    public static DicomVR AE { get; } = new("AE", "Application Entity", true, true, (byte)' ', 16, 0);
    /// <summary>Age String.</summary>
    public static DicomVR AS { get; } = new("AS", "Age String", true, true, (byte)' ', 4, 0);
    /// <summary>Attribute Tag.</summary>
    public static DicomVR AT { get; } = new("AT", "Attribute Tag", true, false, 0, 4, 4);
    /// <summary>Code String.</summary>
    public static DicomVR CS { get; } = new("CS", "Code String", true, true, (byte)' ', 16, 0);
    /// <summary>Date.</summary>
    public static DicomVR DA { get; } = new("DA", "Date", true, true, (byte)' ', 8, 0);
    /// <summary>Decimal String.</summary>
    public static DicomVR DS { get; } = new("DS", "Decimal String", true, true, (byte)' ', 16, 0);
    /// <summary>Date Time.</summary>
    public static DicomVR DT { get; } = new("DT", "Date Time", true, true, (byte)' ', 26, 0);
    /// <summary>Floating Point Single.</summary>
    public static DicomVR FL { get; } = new("FL", "Floating Point Single", true, false, 0, 4, 4);
    /// <summary>Floating Point Double.</summary>
    public static DicomVR FD { get; } = new("FD", "Floating Point Double", true, false, 0, 8, 8);
    /// <summary>Integer String.</summary>
    public static DicomVR IS { get; } = new("IS", "Integer String", true, true, (byte)' ', 12, 0);
    /// <summary>Long String.</summary>
    public static DicomVR LO { get; } = new("LO", "Long String", true, true, (byte)' ', 64, 0, usesCharacterSet: true);
    /// <summary>Long Text.</summary>
    public static DicomVR LT { get; } = new("LT", "Long Text", true, true, (byte)' ', 10240, 0, usesCharacterSet: true, isMultiValueString: false);
    /// <summary>Other Byte.</summary>
    public static DicomVR OB { get; } = new("OB", "Other Byte", false, false, 0, 0, 1);
    /// <summary>Other Double.</summary>
    public static DicomVR OD { get; } = new("OD", "Other Double", false, false, 0, 0, 8);
    /// <summary>Other Float.</summary>
    public static DicomVR OF { get; } = new("OF", "Other Float", false, false, 0, 0, 4);
    /// <summary>Other Long.</summary>
    public static DicomVR OL { get; } = new("OL", "Other Long", false, false, 0, 0, 4);
    /// <summary>Other 64-bit Very Long.</summary>
    public static DicomVR OV { get; } = new("OV", "Other 64-bit Very Long", false, false, 0, 0, 8);
    /// <summary>Other Word.</summary>
    public static DicomVR OW { get; } = new("OW", "Other Word", false, false, 0, 0, 2);
    /// <summary>Person Name.</summary>
    public static DicomVR PN { get; } = new("PN", "Person Name", true, true, (byte)' ', 64, 0, usesCharacterSet: true);
    /// <summary>Short String.</summary>
    public static DicomVR SH { get; } = new("SH", "Short String", true, true, (byte)' ', 16, 0, usesCharacterSet: true);
    /// <summary>Signed Long.</summary>
    public static DicomVR SL { get; } = new("SL", "Signed Long", true, false, 0, 4, 4);
    /// <summary>Sequence of Items.</summary>
    public static DicomVR SQ { get; } = new("SQ", "Sequence of Items", false, false, 0, 0, 0);
    /// <summary>Signed Short.</summary>
    public static DicomVR SS { get; } = new("SS", "Signed Short", true, false, 0, 2, 2);
    /// <summary>Short Text.</summary>
    public static DicomVR ST { get; } = new("ST", "Short Text", true, true, (byte)' ', 1024, 0, usesCharacterSet: true, isMultiValueString: false);
    /// <summary>Signed 64-bit Very Long.</summary>
    public static DicomVR SV { get; } = new("SV", "Signed 64-bit Very Long", false, false, 0, 8, 8);
    /// <summary>Time.</summary>
    public static DicomVR TM { get; } = new("TM", "Time", true, true, (byte)' ', 14, 0);
    /// <summary>Unlimited Characters.</summary>
    public static DicomVR UC { get; } = new("UC", "Unlimited Characters", false, true, (byte)' ', 0, 0, usesCharacterSet: true);
    /// <summary>Unique Identifier.</summary>
    public static DicomVR UI { get; } = new("UI", "Unique Identifier", true, true, 0, 64, 0);
    /// <summary>Unsigned Long.</summary>
    public static DicomVR UL { get; } = new("UL", "Unsigned Long", true, false, 0, 4, 4);
    /// <summary>Unknown.</summary>
    public static DicomVR UN { get; } = new("UN", "Unknown", false, false, 0, 0, 1);
    /// <summary>Universal Resource Identifier.</summary>
    public static DicomVR UR { get; } = new("UR", "Universal Resource Identifier", false, true, (byte)' ', 0, 0, isMultiValueString: false);
    /// <summary>Unsigned Short.</summary>
    public static DicomVR US { get; } = new("US", "Unsigned Short", true, false, 0, 2, 2);
    /// <summary>Unlimited Text.</summary>
    public static DicomVR UT { get; } = new("UT", "Unlimited Text", false, true, (byte)' ', 0, 0, usesCharacterSet: true, isMultiValueString: false);
    /// <summary>Unsigned 64-bit Very Long.</summary>
    public static DicomVR UV { get; } = new("UV", "Unsigned 64-bit Very Long", false, false, 0, 8, 8);

    private static readonly FrozenDictionary<ushort, DicomVR> ByCode = new[]
    {
        AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    }.ToFrozenDictionary(v => v.CodeValue);

    /// <summary>The two-letter code.</summary>
    public string Code { get; }

    /// <summary>The standard's name.</summary>
    public string Name { get; }

    /// <summary>True if explicit VR encodes the length in 16 bits (no reserved bytes); false for the 32-bit form.</summary>
    public bool Is16BitLength { get; }

    /// <summary>True for character string VRs.</summary>
    public bool IsString { get; }

    /// <summary>The byte appended to make a value's length even: space for strings, NUL for UI and binary VRs.</summary>
    public byte PaddingByte { get; }

    /// <summary>Largest length of one value (characters for strings, bytes for binary); 0 if limited only by the length field.</summary>
    public int MaxLength { get; }

    /// <summary>Bytes per value for binary VRs (the unit of byte swapping); 0 for strings and SQ.</summary>
    public int ValueSize { get; }

    /// <summary>True if (0008,0005) Specific Character Set applies to its values.</summary>
    public bool UsesCharacterSet { get; }

    /// <summary>True if backslash separates values (not for LT, ST, UT, UR).</summary>
    public bool IsMultiValueString { get; }

    /// <summary>The code as a 16-bit number, first letter in the high byte (how the bytes appear in a file).</summary>
    internal ushort CodeValue { get; }

    /// <summary>The VR for a two-letter code.</summary>
    /// <exception cref="ArgumentException">Unknown code.</exception>
    public static DicomVR Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length == 2 && TryGet((byte)code[0], (byte)code[1], out var vr))
        {
            return vr;
        }

        throw new ArgumentException($"'{code}' is not a DICOM VR.", nameof(code));
    }

    /// <summary>The VR for the two bytes of an explicit VR header, if they name one.</summary>
    public static bool TryGet(byte first, byte second, out DicomVR vr)
        => ByCode.TryGetValue((ushort)((first << 8) | second), out vr!);

    /// <inheritdoc/>
    public override string ToString() => Code;
}
