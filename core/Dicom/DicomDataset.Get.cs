// Typed read accessors, one per kind of VR, so a caller says what it expects and gets a clear error otherwise.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace PacsSeg.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>The whole value of a string element, trailing padding removed (backslashes kept).</summary>
    /// <exception cref="DicomDataException">Absent, or not a string VR.</exception>
    public string GetString(DicomTag tag)
        => TryGetString(tag, out var s) ? s : throw Missing(tag);

    /// <summary>The whole string value, or null if the element is absent.</summary>
    public string? GetStringOrDefault(DicomTag tag, string? defaultValue = null)
        => TryGetString(tag, out var s) ? s : defaultValue;

    /// <summary>The whole string value if present.</summary>
    /// <exception cref="DicomDataException">Present but not a string VR.</exception>
    public bool TryGetString(DicomTag tag, out string value)
    {
        var e = StringElement(tag);
        if (e is null)
        {
            value = string.Empty;
            return false;
        }

        value = DecodeString(e).TrimEnd('\0', ' ');
        return true;
    }

    /// <summary>The values of a multi-valued string element (split at backslashes, padding trimmed); empty if absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var e = StringElement(tag);
        return e is null ? [] : SplitValues(DecodeString(e), e.VR, keepEmpty: true);
    }

    /// <summary>Binary values as <typeparamref name="T"/> (US as ushort, FL as float, OW as ushort or short, OB as byte, ...).</summary>
    /// <exception cref="DicomDataException">Absent, a string VR, or a VR whose value size is not sizeof(T).</exception>
    public T[] GetValues<T>(DicomTag tag)
        where T : unmanaged
    {
        var e = FindElement(tag) ?? throw Missing(tag);
        CheckBinary<T>(e);
        return MemoryMarshal.Cast<byte, T>(e.Buffer.GetMemory().Span).ToArray();
    }

    /// <summary>One binary value (the first by default).</summary>
    public T GetValue<T>(DicomTag tag, int index = 0)
        where T : unmanaged
        => TryGetValue<T>(tag, out var v, index) ? v : throw Missing(tag, index);

    /// <summary>One binary value if the element is present and long enough.</summary>
    public bool TryGetValue<T>(DicomTag tag, out T value, int index = 0)
        where T : unmanaged
    {
        value = default;
        var e = FindElement(tag);
        if (e is null)
        {
            return false;
        }

        CheckBinary<T>(e);
        var size = Unsafe.SizeOf<T>();
        if ((long)(index + 1) * size > e.Length || index < 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[size];
        e.Buffer.Read((long)index * size, bytes);
        value = MemoryMarshal.Read<T>(bytes);
        return true;
    }

    /// <summary>Numbers from DS, IS, FL, FD, US, SS, UL, SL, SV or UV elements, as doubles; empty if absent.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        var e = FindElement(tag);
        if (e is null)
        {
            return [];
        }

        if (e.VR == DicomVR.DS || e.VR == DicomVR.IS)
        {
            return SplitValues(DecodeString(e), e.VR, keepEmpty: false)
                .Select(s => ParseNumber(s, tag)).ToArray();
        }

        var span = e.Buffer.GetMemory().Span;
        return e.VR.Code switch
        {
            "FL" or "OF" => Convert(MemoryMarshal.Cast<byte, float>(span), v => v),
            "FD" or "OD" => MemoryMarshal.Cast<byte, double>(span).ToArray(),
            "US" => Convert(MemoryMarshal.Cast<byte, ushort>(span), v => v),
            "SS" => Convert(MemoryMarshal.Cast<byte, short>(span), v => v),
            "UL" => Convert(MemoryMarshal.Cast<byte, uint>(span), v => v),
            "SL" => Convert(MemoryMarshal.Cast<byte, int>(span), v => v),
            "SV" => Convert(MemoryMarshal.Cast<byte, long>(span), v => v),
            "UV" => Convert(MemoryMarshal.Cast<byte, ulong>(span), v => v),
            _ => throw new DicomDataException($"{tag} has VR {e.VR}, which does not hold numbers."),
        };
    }

    /// <summary>One number (see <see cref="GetDoubles"/>).</summary>
    public double GetDouble(DicomTag tag, int index = 0)
    {
        var v = GetDoubles(tag);
        return index >= 0 && index < v.Length ? v[index] : throw Missing(tag, index);
    }

    /// <summary>One number, or <paramref name="defaultValue"/> if absent or empty.</summary>
    public double GetDoubleOrDefault(DicomTag tag, double defaultValue, int index = 0)
    {
        var v = GetDoubles(tag);
        return index >= 0 && index < v.Length ? v[index] : defaultValue;
    }

    /// <summary>An integer from IS, US, SS, UL or SL (checked conversion).</summary>
    public int GetInt32(DicomTag tag, int index = 0)
    {
        var d = GetDouble(tag, index);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            throw new DicomDataException($"{tag} value {d.ToString(CultureInfo.InvariantCulture)} is not a 32-bit integer.");
        }

        return (int)d;
    }

    /// <summary>An integer, or <paramref name="defaultValue"/> if absent or empty.</summary>
    public int GetInt32OrDefault(DicomTag tag, int defaultValue, int index = 0)
        => GetDoubles(tag).Length > index ? GetInt32(tag, index) : defaultValue;

    /// <summary>The sequence with this tag, or null.</summary>
    public DicomSequence? GetSequence(DicomTag tag) => Find(tag) as DicomSequence;

    /// <summary>The items of a sequence; empty if absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequenceItems(DicomTag tag) => GetSequence(tag)?.Items ?? [];

    /// <summary>A UID value.</summary>
    public DicomUid GetUid(DicomTag tag) => DicomUid.Parse(GetString(tag));

    internal static string[] SplitValues(string value, DicomVR vr, bool keepEmpty)
    {
        if (value.Length == 0)
        {
            return [];
        }

        var parts = vr.IsMultiValueString ? value.Split('\\') : [value];
        for (var i = 0; i < parts.Length; i++)
        {
            // Leading spaces are insignificant except in the text VRs; trailing padding never is.
            parts[i] = vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT
                ? parts[i].TrimEnd('\0', ' ')
                : parts[i].Trim('\0', ' ');
        }

        return keepEmpty ? parts : parts.Where(p => p.Length > 0).ToArray();
    }

    private static double[] Convert<T>(ReadOnlySpan<T> values, Func<T, double> f)
    {
        var r = new double[values.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = f(values[i]);
        }

        return r;
    }

    private static double ParseNumber(string s, DicomTag tag)
        => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new DicomDataException($"{tag} value '{s}' is not a number.");

    private static void CheckBinary<T>(DicomElement e)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var raw = e.VR == DicomVR.OB || e.VR == DicomVR.UN;
        if (e.VR.IsString || e.VR.ValueSize == 0 || (!raw && e.VR.ValueSize != size && !(e.VR == DicomVR.AT && size == 2)))
        {
            throw new DicomDataException($"{e.Tag} has VR {e.VR}; it cannot be read as {typeof(T).Name} ({size} bytes).");
        }
    }

    private static DicomDataException Missing(DicomTag tag, int index = 0)
    {
        var name = DicomDictionary.Find(tag)?.Keyword ?? "private or unknown";
        return new DicomDataException(index == 0 ? $"The dataset has no value for {tag} {name}." : $"The dataset has no value {index} for {tag} {name}.");
    }

    private DicomElement? StringElement(DicomTag tag)
    {
        var item = Find(tag);
        if (item is null)
        {
            return null;
        }

        if (item is not DicomElement e || !(e.VR.IsString || e.VR == DicomVR.UN))
        {
            throw new DicomDataException($"{tag} has VR {item.VR}, not a string VR.");
        }

        return e;
    }

    private string DecodeString(DicomElement e)
    {
        var bytes = e.Buffer.GetMemory().Span;
        return (e.VR.UsesCharacterSet ? CharacterEncoding : Encoding.Latin1).GetString(bytes);
    }
}
