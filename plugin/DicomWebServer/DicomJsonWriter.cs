// Writes the DICOM JSON model (PS3.18 F.2): attributes keyed by 8 hex digits in tag order, each with its VR
// and values: numbers for IS/DS and binary numeric VRs, {"Alphabetic", "Ideographic", "Phonetic"} objects for
// PN, nested datasets for SQ, InlineBinary (base64) or a BulkDataURI for binary values.
using System.Globalization;
using System.Text.Json;
using PacsSeg.Dicom;

namespace PacsSeg.Plugin.DicomWebServer;

public static class DicomJsonWriter
{
    /// <summary>Binary values up to this size are written inline; larger top-level ones get a BulkDataURI when one can be made.</summary>
    public const int InlineBinaryLimit = 1024;

    /// <summary>Writes a dataset as one JSON object.</summary>
    /// <param name="bulkDataUri">The URI serving a top-level element's value; null leaves large binary values out (VR only).</param>
    public static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, Func<DicomTag, string>? bulkDataUri)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        writer.WriteStartObject();
        foreach (var item in dataset.OrderBy(i => i.Tag.Group).ThenBy(i => i.Tag.Element))
        {
            if (item.Tag.Element == 0 || item.Tag.Group == 0x0002)
                continue; // group lengths and file meta information are not part of the model
            writer.WritePropertyName(Key(item.Tag));
            writer.WriteStartObject();
            writer.WriteString("vr", item.VR.Code);
            switch (item)
            {
                case DicomSequence sequence:
                    if (sequence.Items.Count > 0)
                    {
                        writer.WriteStartArray("Value");
                        foreach (var nested in sequence.Items)
                            WriteDataset(writer, nested, null);
                        writer.WriteEndArray();
                    }
                    break;
                case DicomElement element:
                    WriteElementValue(writer, dataset, element, bulkDataUri);
                    break;
                default:
                    if (bulkDataUri is not null)
                        writer.WriteString("BulkDataURI", bulkDataUri(item.Tag));
                    break;
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteElementValue(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, Func<DicomTag, string>? bulkDataUri)
    {
        var tag = element.Tag;
        if (element.Length == 0)
            return;
        string vr = element.VR.Code;
        switch (vr)
        {
            case "PN":
                WriteValues(writer, dataset.GetStrings(tag), (w, v) => WritePersonName(w, v));
                return;
            case "IS" or "DS":
                WriteValues(writer, dataset.GetStrings(tag), (w, v) =>
                {
                    if (double.TryParse(v.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                        w.WriteNumberValue(d);
                    else
                        w.WriteNullValue();
                });
                return;
            case "US":
                WriteNumbers(writer, dataset.GetValues<ushort>(tag).Select(v => (double)v));
                return;
            case "SS":
                WriteNumbers(writer, dataset.GetValues<short>(tag).Select(v => (double)v));
                return;
            case "UL":
                WriteNumbers(writer, dataset.GetValues<uint>(tag).Select(v => (double)v));
                return;
            case "SL":
                WriteNumbers(writer, dataset.GetValues<int>(tag).Select(v => (double)v));
                return;
            case "FL":
                WriteNumbers(writer, dataset.GetValues<float>(tag).Select(v => (double)v));
                return;
            case "FD":
                WriteNumbers(writer, dataset.GetValues<double>(tag));
                return;
            case "UV":
                WriteNumbers(writer, dataset.GetValues<ulong>(tag).Select(v => (double)v));
                return;
            case "SV":
                WriteNumbers(writer, dataset.GetValues<long>(tag).Select(v => (double)v));
                return;
            case "AT":
                var words = dataset.GetValues<ushort>(tag);
                writer.WriteStartArray("Value");
                for (int i = 0; i + 1 < words.Length; i += 2)
                    writer.WriteStringValue($"{words[i]:X4}{words[i + 1]:X4}");
                writer.WriteEndArray();
                return;
        }
        if (element.VR.IsString)
        {
            // Text VRs with a single value keep backslashes; the others split into their values.
            string[] values = element.VR.IsMultiValueString ? dataset.GetStrings(tag) : [dataset.GetString(tag)];
            WriteValues(writer, values, (w, v) => w.WriteStringValue(v));
            return;
        }
        if (element.Length <= InlineBinaryLimit || bulkDataUri is null)
        {
            if (element.Length <= InlineBinaryLimit)
                writer.WriteBase64String("InlineBinary", element.Buffer.GetMemory().Span);
            return;
        }
        writer.WriteString("BulkDataURI", bulkDataUri(tag));
    }

    private static void WriteValues(Utf8JsonWriter writer, string[] values, Action<Utf8JsonWriter, string> write)
    {
        if (values.Length == 0)
            return;
        writer.WriteStartArray("Value");
        foreach (var v in values)
        {
            if (v.Length == 0)
                writer.WriteNullValue(); // an empty value inside a multi-valued attribute
            else
                write(writer, v);
        }
        writer.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, IEnumerable<double> values)
    {
        writer.WriteStartArray("Value");
        foreach (var v in values)
        {
            if (double.IsFinite(v))
                writer.WriteNumberValue(v);
            else
                writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    /// <summary>A PN value: its component groups (alphabetic=ideographic=phonetic) as an object.</summary>
    public static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.Split('=');
        writer.WriteStartObject();
        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (int i = 0; i < Math.Min(3, groups.Length); i++)
        {
            if (groups[i].Length > 0)
                writer.WriteString(names[i], groups[i]);
        }
        writer.WriteEndObject();
    }

    public static string Key(DicomTag tag) => string.Create(CultureInfo.InvariantCulture, $"{tag.Group:X4}{tag.Element:X4}");
}
