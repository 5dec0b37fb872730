// The parser against dcmtk's dcm2json on pydicom's real sample files: same elements, VRs and values.
using System.Text.Json;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

[Category("Peer")]
public class ReaderVersusDcmtkTests
{
    // Truncated files, and one whose first byte is stray so that its lengths run past the end (dcmdump rejects it too).
    private static readonly string[] Unparseable = ["MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm"];

    public static IEnumerable<string> SampleFiles()
    {
        var dir = Peers.PydicomData;
        if (dir.Length == 0)
        {
            yield break;
        }

        foreach (var sub in new[] { "test_files", "charset_files" })
        {
            var d = Path.Combine(dir, sub);
            if (!Directory.Exists(d))
            {
                continue;
            }

            foreach (var f in Directory.GetFiles(d, "*.dcm").Order(StringComparer.Ordinal))
            {
                yield return Path.Combine(sub, Path.GetFileName(f));
            }
        }
    }

    [TestCaseSource(nameof(SampleFiles))]
    public void Open_PydicomSample_MatchesDcm2json(string relative)
    {
        Peers.RequirePeer("dcm2json");
        var path = Path.Combine(Peers.PydicomData, relative);
        var dcmtk = Peers.Run("/usr/bin/dcm2json", ["-q", "-ee", path]);
        if (Unparseable.Contains(Path.GetFileName(path)))
        {
            Assert.Throws<DicomParseException>(() => DicomFile.Open(path));
            return;
        }

        if (dcmtk.ExitCode != 0 || dcmtk.StdOut.Length == 0)
        {
            Assert.Ignore($"dcm2json cannot read this file: {dcmtk.StdErr}");
        }

        var file = DicomFile.Open(path);
        using var json = JsonDocument.Parse(dcmtk.StdOut);
        var diffs = DicomJsonComparer.Compare(json.RootElement, file.Dataset);
        Assert.That(diffs, Is.Empty, string.Join("\n", diffs.Take(20)));
    }
}
