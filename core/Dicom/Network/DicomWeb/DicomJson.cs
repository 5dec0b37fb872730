// Helpers for the DICOM JSON model (PS3.18 F.2) that QIDO-RS and WADO-RS metadata answer with.
using System.Text.Json;

namespace PacsSeg.Dicom.Network.DicomWeb;

public static class DicomJson
{
    public static string Key(DicomTag tag) => $"{tag.Group:X4}{tag.Element:X4}";

    /// <summary>The first value of an attribute as text (PN values give their Alphabetic form); null when absent or empty.</summary>
    public static string? GetString(JsonElement dataset, DicomTag tag)
    {
        if (dataset.ValueKind != JsonValueKind.Object || !dataset.TryGetProperty(Key(tag), out var attr) ||
            !attr.TryGetProperty("Value", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            return null;
        var v = values[0];
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Object when v.TryGetProperty("Alphabetic", out var a) => a.GetString(),
            _ => null,
        };
    }

    /// <summary>The items of a sequence attribute (empty when absent).</summary>
    public static IReadOnlyList<JsonElement> GetSequence(JsonElement dataset, DicomTag tag)
    {
        if (dataset.ValueKind != JsonValueKind.Object || !dataset.TryGetProperty(Key(tag), out var attr) ||
            !attr.TryGetProperty("Value", out var values) || values.ValueKind != JsonValueKind.Array)
            return Array.Empty<JsonElement>();
        return values.EnumerateArray().ToList();
    }
}
