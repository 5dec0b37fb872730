using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Ingest;

namespace PacsSeg.Plugin.Tests.Support;

internal static class TestOptions
{
    public static IOptions<PluginOptions> For(string dataDirectory, Action<PluginOptions>? configure = null)
    {
        var options = new PluginOptions { DataDirectory = dataDirectory };
        options.Spool.MinFreeBytes = 0;
        configure?.Invoke(options);
        return Options.Create(options);
    }

    public static IncomingInstance Instance(string study, string series, string sop, string ae = "SCANNER", string modality = "CT",
        string sopClass = "1.2.840.10008.5.1.4.1.1.2") => new()
        {
            SourceAe = ae,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            SopInstanceUid = sop,
            SopClassUid = sopClass,
            Modality = modality,
            BodyPartExamined = "ABDOMEN",
            SeriesDescription = "Abdomen 1.0 B30f",
        };
}
