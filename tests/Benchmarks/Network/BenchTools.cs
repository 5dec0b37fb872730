// Process, port and test-data helpers for the network benchmarks.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PacsSeg.Dicom.Network;

namespace PacsSeg.Benchmarks.Network;

internal static class BenchTools
{
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static Process Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        var p = Process.Start(psi)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await o + await e);
    }

    public static async Task WaitForDicomAsync(int port, string ae, CancellationToken ct)
    {
        var client = new DicomClient(new DicomClientOptions { CallingAe = "BENCH", ConnectTimeout = TimeSpan.FromSeconds(1) });
        for (int i = 0; ; i++)
        {
            try
            {
                await client.EchoAsync("127.0.0.1", port, ae, ct);
                return;
            }
            catch (Exception) when (i < 200 && !ct.IsCancellationRequested)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private const string Script = """
import sys, numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import generate_uid, ExplicitVRLittleEndian
out, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
study, series = generate_uid(), generate_uid()
rng = np.random.default_rng(7)
pixels = rng.integers(-1024, 3000, size=(size, size), dtype=np.int16)
for i in range(count):
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.2", generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, study + ".1"
    ds.PatientName, ds.PatientID, ds.Modality, ds.InstanceNumber = "Bench^CT", "BENCH1", "CT", i + 1
    ds.ImagePositionPatient, ds.ImageOrientationPatient, ds.PixelSpacing = [0, 0, float(i)], [1, 0, 0, 0, 1, 0], [0.7, 0.7]
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, "MONOCHROME2", size, size
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.PixelData = np.roll(pixels, i, axis=0).tobytes()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID = ds.SOPClassUID, ds.SOPInstanceUID, ExplicitVRLittleEndian
    ds.file_meta, ds.is_little_endian, ds.is_implicit_VR = meta, True, False
    ds.save_as(f"{out}/ct{i:04d}.dcm", write_like_original=False)
""";

    public static async Task MakeCtSeriesAsync(string folder, int count, int size, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        string script = Path.Combine(Path.GetDirectoryName(folder)!, "gen.py");
        await File.WriteAllTextAsync(script, Script, ct);
        var r = await RunAsync("/usr/bin/python3", new[] { script, folder, count.ToString(), size.ToString() }, ct);
        if (r.ExitCode != 0)
            throw new InvalidOperationException("pydicom generator failed: " + r.Output);
    }
}
