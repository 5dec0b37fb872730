// Files written by PacsSeg re-read by dcmtk and pydicom: the values they see are the values we wrote.
using System.Text.Json;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

[Category("Peer")]
public class WriterVersusPeersTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pacsseg-dicom-writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Save_EverySample_PydicomReadsTheSameValues()
    {
        Peers.RequirePydicom();
        var written = WriteSamples();
        var originals = ReaderVersusDcmtkTests.SampleFiles().Select(f => Path.Combine(Peers.PydicomData, f)).ToList();
        var oracle = PydicomOracle.ToJson(written.Keys.Concat(originals));
        var failures = new List<string>();
        foreach (var (path, original) in written)
        {
            var json = oracle[path];
            var source = originals.First(o => Path.GetFileName(o) == Path.GetFileName(path));
            if (oracle[source].TryGetProperty("error", out _))
            {
                continue; // pydicom cannot convert the original either (badVR.dcm's IS "1A")
            }

            if (json.TryGetProperty("error", out var err))
            {
                failures.Add($"{Path.GetFileName(path)}: pydicom failed: {err}");
                continue;
            }

            failures.AddRange(DicomJsonComparer.Compare(json, WithoutCompressedPixels(original)).Select(d => $"{Path.GetFileName(path)} {d}"));
        }

        Assert.That(written, Has.Count.GreaterThan(60));
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(30)));
    }

    [Test]
    public void Save_EveryUncompressedSample_Dcm2jsonReadsTheSameValues()
    {
        Peers.RequirePeer("dcm2json");
        Peers.RequirePydicom();
        var failures = new List<string>();
        var compared = 0;
        foreach (var (path, original) in WriteSamples())
        {
            if (original.Find(DicomTags.PixelData) is DicomFragmentSequence)
            {
                continue; // dcm2json cannot print compressed pixel data
            }

            var r = Peers.Run("/usr/bin/dcm2json", ["-q", "-ee", path]);
            if (r.ExitCode != 0)
            {
                // dcm2json converts to UTF-8 and gives up on ISO 2022 code extensions, for the originals too.
                if (r.StdErr.Contains("character encoding", StringComparison.Ordinal))
                {
                    continue;
                }

                failures.Add($"{Path.GetFileName(path)}: dcm2json failed: {r.StdErr}");
                continue;
            }

            compared++;
            using var json = JsonDocument.Parse(r.StdOut);
            failures.AddRange(DicomJsonComparer.Compare(json.RootElement, original).Select(d => $"{Path.GetFileName(path)} {d}"));
        }

        Assert.That(compared, Is.GreaterThan(30));
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(30)));
    }

    [TestCase("1.2.840.10008.1.2")]
    [TestCase("1.2.840.10008.1.2.1")]
    [TestCase("1.2.840.10008.1.2.1.99")]
    public void Save_InEachNativeSyntax_DcmdumpReadsWithoutErrorAndWeReadItBack(string syntaxUid)
    {
        Peers.RequirePeer("dcmdump");
        Peers.RequirePydicom();
        var syntax = DicomTransferSyntax.Parse(syntaxUid);
        foreach (var name in new[] { "CT_small.dcm", "rtplan.dcm", "nested_priv_SQ.dcm", "chrSQEncoding.dcm" })
        {
            var source = Path.Combine(Peers.PydicomData, name.StartsWith("chr", StringComparison.Ordinal) ? "charset_files" : "test_files", name);
            var original = DicomFile.Open(source);
            var path = Path.Combine(_dir, syntax.Uid.Value + "-" + name);
            original.Save(path, new DicomWriteOptions { TransferSyntax = syntax });

            var r = Peers.Run("/usr/bin/dcmdump", ["-q", path]);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            Assert.That(r.StdOut, Does.Contain(syntax == DicomTransferSyntax.ImplicitVRLittleEndian ? "Little Endian Implicit" : syntax.IsDeflated ? "Deflated" : "Little Endian Explicit"));

            var back = DicomFile.Open(path);
            Assert.That(back.TransferSyntax, Is.EqualTo(syntax));
            Assert.That(back.Warnings, Is.Empty);
            // Implicit VR cannot say a private element's VR: those come back as UN with the same bytes.
            var privateAsUN = syntax == DicomTransferSyntax.ImplicitVRLittleEndian;
            Assert.That(DatasetDiff.Diff(original.Dataset, back.Dataset, privateAsUN), Is.Empty, name);
        }
    }

    private static DicomDataset WithoutCompressedPixels(DicomDataset ds)
    {
        if (ds.Find(DicomTags.PixelData) is not DicomFragmentSequence)
        {
            return ds;
        }

        var copy = ds.Clone();
        copy.Remove(DicomTags.PixelData);
        return copy;
    }

    private Dictionary<string, DicomDataset> WriteSamples()
    {
        var result = new Dictionary<string, DicomDataset>();
        foreach (var relative in ReaderVersusDcmtkTests.SampleFiles())
        {
            var source = Path.Combine(Peers.PydicomData, relative);
            DicomFile file;
            try
            {
                file = DicomFile.Open(source);
            }
            catch (DicomParseException)
            {
                continue; // the truncated samples; their rejection is tested elsewhere
            }

            var syntax = file.TransferSyntax.IsLittleEndian ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian;
            var path = Path.Combine(_dir, Path.GetFileName(source));
            file.Save(path, new DicomWriteOptions { TransferSyntax = syntax });
            result[path] = file.Dataset;
        }

        return result;
    }
}
