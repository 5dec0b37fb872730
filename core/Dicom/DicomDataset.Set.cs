// Typed write accessors: values are encoded and padded to even length when set, as they will be written.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>Sets a string element with the dictionary's VR. Set (0008,0005) first: values are encoded with it.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params string[] values)
        => AddOrUpdate(tag, DicomDictionary.GetDefaultVR(tag), values);

    /// <summary>Sets a string element with the given VR (values joined with backslashes, padded to even length).</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        if (!vr.IsString)
        {
            throw new ArgumentException($"{tag} has VR {vr}: set it with AddOrUpdate<T> or AddOrUpdateDecimals, not strings.", nameof(vr));
        }

        if (values.Length > 1 && !vr.IsMultiValueString)
        {
            throw new ArgumentException($"VR {vr} holds one value only.", nameof(values));
        }

        var text = string.Join('\\', values);
        var encoding = vr.UsesCharacterSet
            ? (tag == DicomTags.SpecificCharacterSet ? Encoding.ASCII : CharacterEncoding)
            : Encoding.ASCII;
        var count = encoding.GetByteCount(text);
        var bytes = new byte[count + (count & 1)];
        encoding.GetBytes(text, bytes);
        if ((count & 1) == 1)
        {
            bytes[^1] = vr.PaddingByte;
        }

        return Add(new DicomElement(tag, vr, new MemoryDicomBuffer(bytes)));
    }

    /// <summary>Sets a binary element with the dictionary's VR.</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, params T[] values)
        where T : unmanaged
        => AddOrUpdate(tag, DicomDictionary.GetDefaultVR(tag), values);

    /// <summary>Sets a binary element (US, SS, UL, SL, FL, FD, OB, OW, OF, ...). OB values are padded to even length with NUL.</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        if (vr.IsString || vr == DicomVR.SQ)
        {
            throw new ArgumentException($"{tag} has VR {vr}: set it with strings or a DicomSequence.", nameof(vr));
        }

        var raw = MemoryMarshal.AsBytes(values.AsSpan());
        var bytes = new byte[raw.Length + (raw.Length & 1)];
        raw.CopyTo(bytes);
        return Add(new DicomElement(tag, vr, new MemoryDicomBuffer(bytes)));
    }

    /// <summary>Sets a DS element, each number in at most 16 characters as the VR requires.</summary>
    public DicomDataset AddOrUpdateDecimals(DicomTag tag, params double[] values)
        => AddOrUpdate(tag, DicomVR.DS, values.Select(FormatDecimal).ToArray());

    /// <summary>Sets an IS element.</summary>
    public DicomDataset AddOrUpdateIntegers(DicomTag tag, params int[] values)
        => AddOrUpdate(tag, DicomVR.IS, values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Sets an element from a buffer as it is (little endian, even length).</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, DicomBuffer buffer)
        => Add(new DicomElement(tag, vr, buffer));

    /// <summary>Sets a sequence with these items.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params DicomDataset[] items)
        => Add(new DicomSequence(tag, items));

    /// <summary>
    /// The tag of a private element: finds the block that <paramref name="creator"/> reserved in <paramref name="group"/>,
    /// or reserves the first free one by adding its private creator element (gggg,00xx).
    /// </summary>
    public DicomTag GetOrReservePrivateTag(ushort group, string creator, byte elementOffset)
    {
        var found = FindPrivateTag(group, creator, elementOffset);
        if (found is not null)
        {
            return found.Value;
        }

        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            if (!Contains(creatorTag))
            {
                AddOrUpdate(creatorTag, DicomVR.LO, creator);
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
        }

        throw new DicomDataException($"Group {group:X4} has no free private block for creator '{creator}'.");
    }

    /// <summary>The tag of a private element of <paramref name="creator"/>, or null if the creator has no block in the group.</summary>
    public DicomTag? FindPrivateTag(ushort group, string creator, byte elementOffset)
    {
        if ((group & 1) == 0)
        {
            throw new ArgumentException($"Group {group:X4} is not private (private groups are odd).", nameof(group));
        }

        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            if (TryGetString(creatorTag, out var c) && string.Equals(c.Trim(), creator, StringComparison.Ordinal))
            {
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
        }

        return null;
    }

    /// <summary>The private creator of a private data element of this dataset, or null.</summary>
    public string? GetPrivateCreator(DicomTag tag)
        => tag.IsPrivate && !tag.IsPrivateCreator && tag.Element >= 0x1000 ? GetStringOrDefault(tag.PrivateCreatorTag)?.Trim() : null;

    internal static string FormatDecimal(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            throw new ArgumentException("DS cannot hold NaN or infinity.", nameof(v));
        }

        for (var digits = 17; digits > 0; digits--)
        {
            var s = v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (s.Length <= 16)
            {
                return s;
            }
        }

        return v.ToString("E8", CultureInfo.InvariantCulture);
    }
}
