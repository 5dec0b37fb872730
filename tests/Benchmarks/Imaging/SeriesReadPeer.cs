// The pydicom side of the series-read benchmark: writes the CT series and times pydicom reading it into
// a numpy float32 volume of real values (sorted along the normal, rescaled), the way Python pipelines do.
using System.Diagnostics;
using System.Globalization;

namespace PacsSeg.Benchmarks.Imaging;

internal static class SeriesReadPeer
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
import json, os, sys, time
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import generate_uid, ExplicitVRLittleEndian

def generate(out, count, size):
    os.makedirs(out, exist_ok=True)
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    rng = np.random.default_rng(11)
    base = rng.integers(0, 3000, size=(size, size), dtype=np.int16)
    order = rng.permutation(count)  # file names do not follow slice order
    for n, k in enumerate(order):
        ds = Dataset()
        ds.SOPClassUID, ds.SOPInstanceUID = '1.2.840.10008.5.1.4.1.1.2', generate_uid()
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.PatientName, ds.PatientID, ds.Modality, ds.InstanceNumber = 'Bench^CT', 'BENCH1', 'CT', int(k) + 1
        ds.ImagePositionPatient = [-180.0, -200.0, float(-300 + 1.25 * k)]
        ds.ImageOrientationPatient, ds.PixelSpacing, ds.SliceThickness = [1, 0, 0, 0, 1, 0], [0.7, 0.7], 1.25
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, 'MONOCHROME2', size, size
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope, ds.RescaleIntercept = 1, -1024
        ds.PixelData = np.roll(base, int(k), axis=0).tobytes()
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID = ds.SOPClassUID, ds.SOPInstanceUID, ExplicitVRLittleEndian
        ds.file_meta, ds.is_little_endian, ds.is_implicit_VR = meta, True, False
        ds.save_as(os.path.join(out, 'f%05d.dcm' % n), write_like_original=False)

def read(folder):
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    slices = [pydicom.dcmread(f) for f in files]
    iop = np.array(slices[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    vol = np.empty((len(slices), slices[0].Rows, slices[0].Columns), dtype=np.float32)
    for k, d in enumerate(slices):
        vol[k] = d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept)
    return vol

if sys.argv[1] == 'generate':
    generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
else:
    repeats = int(sys.argv[3])
    read(sys.argv[2])  # warm-up: page cache and imports, as the PacsSeg side gets
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        vol = read(sys.argv[2])
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    print(json.dumps({'seconds': times, 'cpu_seconds': cpu, 'checksum': float(vol[::7, ::13, ::11].astype(np.float64).sum()), 'shape': list(vol.shape)}))
""";

    public static async Task<string> RunAsync(string workDir, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        string script = Path.Combine(workDir, "series_read_peer.py");
        await File.WriteAllTextAsync(script, Script, cancellationToken);
        var psi = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"pydicom peer failed ({p.ExitCode}): {await stderr}");
        return await stdout;
    }

    public static string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);
}
