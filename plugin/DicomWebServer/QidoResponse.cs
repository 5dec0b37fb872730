// Builds QIDO-RS answers from index rows: one DICOM JSON object per study, series or instance with the
// attributes PS3.18 lists as required for that level, the related-object counts and a RetrieveURL.
using System.Text.Json;
using PacsSeg.Dicom;

namespace PacsSeg.Plugin.DicomWebServer;

public static class QidoResponse
{
    private static readonly DicomTag ModalitiesInStudy = new(0x0008, 0x0061);
    private static readonly DicomTag RetrieveUrl = new(0x0008, 0x1190);
    private static readonly DicomTag NumberOfStudyRelatedSeries = new(0x0020, 0x1206);
    private static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);
    private static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);

    /// <summary>Rows grouped by the level's key (study, series or SOP Instance UID), in index order.</summary>
    public static IEnumerable<(string Key, IReadOnlyList<ResultInstance> Rows)> Group(IReadOnlyList<ResultInstance> rows, QidoLevel level)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Func<ResultInstance, string> key = level switch
        {
            QidoLevel.Study => r => r.StudyInstanceUid,
            QidoLevel.Series => r => r.SeriesInstanceUid,
            _ => r => r.SopInstanceUid,
        };
        return rows.GroupBy(key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<ResultInstance>)g.ToList()));
    }

    public static void Write(Utf8JsonWriter writer, QidoLevel level, IReadOnlyList<ResultInstance> rows, string baseUri)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var r = rows[0];
        var attributes = new SortedDictionary<uint, Action>();
        void Add(DicomTag tag, Action write) => attributes[((uint)tag.Group << 16) | tag.Element] = () =>
        {
            writer.WritePropertyName(DicomJsonWriter.Key(tag));
            writer.WriteStartObject();
            write();
            writer.WriteEndObject();
        };
        void Text(DicomTag tag, string vr, params string?[] values) => Add(tag, () =>
        {
            writer.WriteString("vr", vr);
            var present = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
            if (present.Count == 0)
                return;
            writer.WriteStartArray("Value");
            foreach (var v in present)
                writer.WriteStringValue(v);
            writer.WriteEndArray();
        });
        void Number(DicomTag tag, string vr, long? value) => Add(tag, () =>
        {
            writer.WriteString("vr", vr);
            if (value is { } v)
            {
                writer.WriteStartArray("Value");
                writer.WriteNumberValue(v);
                writer.WriteEndArray();
            }
        });
        void Name(DicomTag tag, string? value) => Add(tag, () =>
        {
            writer.WriteString("vr", "PN");
            if (!string.IsNullOrEmpty(value))
            {
                writer.WriteStartArray("Value");
                DicomJsonWriter.WritePersonName(writer, value);
                writer.WriteEndArray();
            }
        });

        // Study attributes travel at every level, so a series or instance found across studies can be placed.
        Text(DicomTags.StudyInstanceUID, "UI", r.StudyInstanceUid);
        Text(DicomTags.StudyDate, "DA", r.StudyDate);
        Text(DicomTags.StudyTime, "TM", r.StudyTime);
        Text(DicomTags.AccessionNumber, "SH", r.AccessionNumber);
        Name(DicomTags.ReferringPhysicianName, r.ReferringPhysicianName);
        Name(DicomTags.PatientName, r.PatientName);
        Text(DicomTags.PatientID, "LO", r.PatientId);
        Text(DicomTags.PatientBirthDate, "DA", r.PatientBirthDate);
        Text(DicomTags.PatientSex, "CS", r.PatientSex);
        Text(DicomTags.StudyID, "SH", r.StudyId);
        Text(DicomTags.StudyDescription, "LO", r.StudyDescription);
        string studyUri = $"{baseUri}/studies/{r.StudyInstanceUid}";
        switch (level)
        {
            case QidoLevel.Study:
                Text(ModalitiesInStudy, "CS", rows.Select(x => x.Modality).Where(m => m is not null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
                Number(NumberOfStudyRelatedSeries, "IS", rows.Select(x => x.SeriesInstanceUid).Distinct(StringComparer.Ordinal).Count());
                Number(NumberOfStudyRelatedInstances, "IS", rows.Count);
                Text(RetrieveUrl, "UR", studyUri);
                break;
            case QidoLevel.Series:
                AddSeries(r);
                Number(NumberOfSeriesRelatedInstances, "IS", rows.Count);
                Text(RetrieveUrl, "UR", $"{studyUri}/series/{r.SeriesInstanceUid}");
                break;
            default:
                AddSeries(r);
                Text(DicomTags.SOPClassUID, "UI", r.SopClassUid);
                Text(DicomTags.SOPInstanceUID, "UI", r.SopInstanceUid);
                Number(DicomTags.InstanceNumber, "IS", r.InstanceNumber);
                Number(DicomTags.NumberOfFrames, "IS", r.NumberOfFrames);
                Number(DicomTags.Rows, "US", r.Rows);
                Number(DicomTags.Columns, "US", r.Columns);
                Text(RetrieveUrl, "UR", $"{studyUri}/series/{r.SeriesInstanceUid}/instances/{r.SopInstanceUid}");
                break;
        }

        void AddSeries(ResultInstance s)
        {
            Text(DicomTags.Modality, "CS", s.Modality);
            Text(DicomTags.SeriesInstanceUID, "UI", s.SeriesInstanceUid);
            Number(DicomTags.SeriesNumber, "IS", s.SeriesNumber);
            Text(DicomTags.SeriesDescription, "LO", s.SeriesDescription);
        }

        writer.WriteStartObject();
        foreach (var write in attributes.Values)
            write();
        writer.WriteEndObject();
    }
}
