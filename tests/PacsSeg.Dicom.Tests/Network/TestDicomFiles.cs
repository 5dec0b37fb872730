// Makes real DICOM test files at test time with pydicom (Debian's python3-pydicom) in a temp folder.
using System.Diagnostics;

namespace PacsSeg.Dicom.Tests.Network;

internal static class TestDicomFiles
{
    private const string Script = """
import sys, numpy as np, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import generate_uid, ExplicitVRLittleEndian
out, count, size, modality = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
patient = sys.argv[5] if len(sys.argv) > 5 else "PAT001"
study, series, frame = generate_uid(), generate_uid(), generate_uid()
rng = np.random.default_rng(1234)
for i in range(count):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "Test^Network", patient, "19700101", "O"
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.StudyID = "20240101", "120000", "ACC1", "1"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, 1, i + 1
    ds.ImagePositionPatient, ds.ImageOrientationPatient = [0, 0, float(i)], [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing, ds.SliceThickness = [0.7, 0.7], 1.0
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = size
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    ds.PixelData = rng.integers(-1024, 3000, size=(size, size), dtype=np.int16).tobytes()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(f"{out}/ct{i:04d}.dcm", write_like_original=False)
""";

    /// <summary>Writes <paramref name="count"/> CT slices of one series (explicit VR little endian) into <paramref name="folder"/>.</summary>
    public static string[] MakeCtSeries(string folder, int count, int size = 64, string modality = "CT", string patientId = "PAT001")
    {
        Directory.CreateDirectory(folder);
        string script = Path.Combine(folder, "gen.py");
        File.WriteAllText(script, Script);
        var r = Proc.Run("/usr/bin/python3", new[] { script, folder, count.ToString(), size.ToString(), modality, patientId }, TimeSpan.FromSeconds(120));
        if (r.ExitCode != 0)
            throw new InvalidOperationException("pydicom generator failed: " + r.Output);
        File.Delete(script);
        return Directory.GetFiles(folder, "ct*.dcm").OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A real JPEG baseline file shipped with pydicom.</summary>
    public static string PydicomTestFile(string name)
    {
        var r = Proc.Run("/usr/bin/python3", new[] { "-c", "import pydicom.data,sys;print(pydicom.data.get_testdata_file(sys.argv[1]))", name }, TimeSpan.FromSeconds(30));
        string path = r.Output.Trim().Split('\n').Last().Trim();
        if (r.ExitCode != 0 || !File.Exists(path))
            throw new InvalidOperationException($"pydicom test file {name} not found: {r.Output}");
        return path;
    }

    /// <summary>The data set bytes of a Part 10 file (everything after the file meta group).</summary>
    public static byte[] DataSetBytes(string path)
    {
        var all = File.ReadAllBytes(path);
        uint groupLength = BitConverter.ToUInt32(all, 140);
        return all.AsSpan((int)(144 + groupLength)).ToArray();
    }

    /// <summary>dcmdump output without the file meta lines, to compare data sets value for value.</summary>
    public static string DumpDataSet(string path)
    {
        var r = Proc.Run("dcmdump", new[] { "-q", "+L", "+U8", path }, TimeSpan.FromSeconds(30));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"dcmdump failed on {path}: {r.Output}");
        return string.Join('\n', r.Output.Split('\n').Where(l => !l.StartsWith("(0002,", StringComparison.Ordinal) && !l.StartsWith('#')));
    }
}

internal sealed record ProcResult(int ExitCode, string Output);

internal static class Proc
{
    public static ProcResult Run(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }
        p.WaitForExit();
        return new ProcResult(p.ExitCode, stdout.Result + stderr.Result);
    }

    public static async Task<ProcResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }
        return new ProcResult(p.ExitCode, await stdout + await stderr);
    }
}
