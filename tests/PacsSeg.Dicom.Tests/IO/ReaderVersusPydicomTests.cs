// The parser against pydicom on the same sample files, including those dcm2json cannot print
// (compressed pixel data, ISO 2022 Japanese): same elements, VRs and values.
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

[Category("Peer")]
public class ReaderVersusPydicomTests
{
    // Truncated files, and one whose first byte is stray so that its lengths run past the end (dcmdump rejects it too).
    private static readonly string[] Unparseable = ["MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm"];

    [Test]
    public void Open_EveryPydicomSample_MatchesPydicom()
    {
        Peers.RequirePydicom();
        var files = ReaderVersusDcmtkTests.SampleFiles().Select(f => Path.Combine(Peers.PydicomData, f))
            .Where(f => !Unparseable.Contains(Path.GetFileName(f))).ToList();
        var oracle = PydicomOracle.ToJson(files);
        var failures = new List<string>();
        var compared = 0;
        foreach (var f in files)
        {
            var json = oracle[f];
            if (json.TryGetProperty("error", out _))
            {
                continue;
            }

            DicomFile file;
            try
            {
                file = DicomFile.Open(f);
            }
            catch (DicomParseException e)
            {
                failures.Add($"{Path.GetFileName(f)}: {e.Message}");
                continue;
            }

            var ds = file.Dataset.Clone();
            if (ds.Find(DicomTags.PixelData) is DicomFragmentSequence)
            {
                ds.Remove(DicomTags.PixelData);
            }

            compared++;
            failures.AddRange(DicomJsonComparer.Compare(json, ds).Select(d => $"{Path.GetFileName(f)} {d}"));
        }

        Assert.That(compared, Is.GreaterThan(60));
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(30)));
    }

    [TestCase("MR_truncated.dcm")]
    [TestCase("rtplan_truncated.dcm")]
    [TestCase("no_meta.dcm")]
    public void Open_TruncatedSample_ThrowsParseExceptionWithOffset(string name)
    {
        Peers.RequirePydicom();
        var path = Path.Combine(Peers.PydicomData, "test_files", name);
        var e = Assert.Throws<DicomParseException>(() => DicomFile.Open(path));
        Assert.That(e!.Offset, Is.GreaterThan(0).And.LessThanOrEqualTo(new FileInfo(path).Length));
        Assert.That(e.Message, Does.Contain("offset"));
    }
}
