// The parser against dcmtk's dcm2json on pydicom's real sample files: same elements, VRs and values; pydicom is the
// reference where dcm2json cannot print a file, and for the fragments of encapsulated pixel data.
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

        var file = DicomFile.Open(path);
        var reference = dcmtk.StdOut;
        if (dcmtk.ExitCode != 0 || reference.Length == 0)
        {
            // dcm2json cannot write encapsulated pixel data as JSON, Debian's dcmtk cannot convert ISO 2022
            // multi-byte sets (Japanese, Korean) to UTF-8, and it stops on one file with a corrupt VR: pydicom,
            // the other real reader, is the reference for those.
            Peers.RequirePydicom();
            reference = PydicomJson(path);
        }

        if (file.Dataset.Find(DicomTags.PixelData) is DicomFragmentSequence fragments)
        {
            AssertFragmentsMatchPydicom(path, fragments);
        }

        using var json = JsonDocument.Parse(reference);
        var diffs = DicomJsonComparer.Compare(json.RootElement, file.Dataset);
        Assert.That(diffs, Is.Empty, string.Join("\n", diffs.Take(20)));
    }

    private static void AssertFragmentsMatchPydicom(string path, DicomFragmentSequence pixels)
    {
        Peers.RequirePydicom();
        const string script = """
            import hashlib, sys, pydicom
            from pydicom.encaps import generate_pixel_data_fragment
            from pydicom.filebase import DicomBytesIO
            ds = pydicom.dcmread(sys.argv[1])
            fp = DicomBytesIO(ds.PixelData)
            fp.is_little_endian = True
            # The first item is the basic offset table; the rest are the fragments.
            for fragment in generate_pixel_data_fragment(fp):
                print(len(fragment), hashlib.sha256(fragment).hexdigest())
            """;
        var py = Peers.Run("/usr/bin/python3", ["-c", script, path]);
        Assert.That(py.ExitCode, Is.Zero, py.StdErr);
        var expected = py.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var actual = new[] { pixels.OffsetTable }.Concat(pixels.Fragments)
            .Select(b => b.GetMemory().ToArray())
            .Select(b => $"{b.Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b))}")
            .ToArray();
        Assert.That(actual, Is.EqualTo(expected));
    }

    private static string PydicomJson(string path)
    {
        const string script = """
            import json, sys, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            print(json.dumps(ds.to_json_dict(), ensure_ascii=False))
            """;
        var py = Peers.Run("/usr/bin/python3", ["-c", script, path]);
        Assert.That(py.ExitCode, Is.Zero, py.StdErr);
        return py.StdOut;
    }
}
