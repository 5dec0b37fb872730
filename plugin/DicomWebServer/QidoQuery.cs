// Parses QIDO-RS query parameters: matching keys by keyword or tag (PatientID or 00100020, ...), limit, offset;
// includefield and fuzzymatching are accepted (every answer carries the standard attributes of its level).
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PacsSeg.Plugin.DicomWebServer;

public sealed record QidoQuery(ResultQuery Query, int Limit, int Offset)
{
    public const int MaxLimit = 1000;

    public static bool TryParse(IQueryCollection parameters, QidoLevel level, out QidoQuery query, out string error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var q = new ResultQuery();
        int limit = MaxLimit, offset = 0;
        query = new QidoQuery(q, limit, offset);
        error = "";
        foreach (var (rawKey, values) in parameters)
        {
            string value = values.ToString();
            string key = rawKey.ToUpperInvariant() switch
            {
                "00100020" => "PATIENTID",
                "00100010" => "PATIENTNAME",
                "0020000D" => "STUDYINSTANCEUID",
                "0020000E" => "SERIESINSTANCEUID",
                "00080018" => "SOPINSTANCEUID",
                "00080016" => "SOPCLASSUID",
                "00080060" => "MODALITY",
                "00080061" => "MODALITIESINSTUDY",
                "00080050" => "ACCESSIONNUMBER",
                "00080020" => "STUDYDATE",
                var k => k,
            };
            switch (key)
            {
                case "PATIENTID": q = q with { PatientId = value }; break;
                case "PATIENTNAME": q = q with { PatientName = value }; break;
                case "ACCESSIONNUMBER": q = q with { AccessionNumber = value }; break;
                case "STUDYDATE":
                    if (!IsDateOrRange(value))
                    {
                        error = $"StudyDate '{value}' is not YYYYMMDD or a range YYYYMMDD-YYYYMMDD.";
                        return false;
                    }
                    q = q with { StudyDate = value };
                    break;
                case "MODALITY" or "MODALITIESINSTUDY": q = q with { Modality = value }; break;
                case "SOPCLASSUID": q = q with { SopClassUid = value }; break;
                case "STUDYINSTANCEUID": q = q with { StudyInstanceUids = UidList(value) }; break;
                case "SERIESINSTANCEUID" when level != QidoLevel.Study: q = q with { SeriesInstanceUids = UidList(value) }; break;
                case "SOPINSTANCEUID" when level == QidoLevel.Instance: q = q with { SopInstanceUids = UidList(value) }; break;
                case "LIMIT":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
                    {
                        error = $"limit '{value}' is not a non-negative integer.";
                        return false;
                    }
                    limit = Math.Min(limit, MaxLimit);
                    break;
                case "OFFSET":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    {
                        error = $"offset '{value}' is not a non-negative integer.";
                        return false;
                    }
                    break;
                case "INCLUDEFIELD" or "FUZZYMATCHING":
                    break;
                default:
                    error = $"Query key '{rawKey}' is not supported at the {level.ToString().ToLowerInvariant()} level. Keys: PatientID, PatientName, " +
                        "StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID, SOPClassUID, Modality, ModalitiesInStudy, AccessionNumber, StudyDate, limit, offset.";
                    return false;
            }
        }
        query = new QidoQuery(q, limit, offset);
        return true;
    }

    private static string[] UidList(string value) =>
        value.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsDateOrRange(string value)
    {
        static bool Date(string d) => d.Length == 8 && d.All(char.IsAsciiDigit);
        int dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return Date(value);
        string from = value[..dash], to = value[(dash + 1)..];
        return (from.Length == 0 || Date(from)) && (to.Length == 0 || Date(to)) && from.Length + to.Length > 0;
    }
}
