using System.Diagnostics;

namespace PacsSeg.Plugin.Tests.Support;

/// <summary>Runs peer programs (dcmtk, python) and writes test series with pydicom.</summary>
internal static class PeerTools
{
    internal const string WriteSeries = """
        import sys
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian
        out, study, series, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        for i in range(n):
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
            meta.MediaStorageSOPInstanceUID = '1.2.826.0.1.3680043.9.7777.%d.%d' % (abs(hash(series)) % 100000, i + 1)
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
            ds.Modality, ds.BodyPartExamined, ds.SeriesDescription, ds.Manufacturer = 'CT', 'ABDOMEN', 'Abdomen 1.0', 'TEST'
            ds.PatientName, ds.PatientID, ds.InstanceNumber = 'Phantom^Test', 'P1', i + 1
            ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 4, 4, 1, 'MONOCHROME2'
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
            ds.PixelData = bytes(32)
            ds.save_as('%s/%03d.dcm' % (out, i), write_like_original=False)
        """;

    /// <summary>
    /// Starts a long-running peer with its standard output and error read line by line (so a full pipe never
    /// blocks it), each line passed to <paramref name="line"/> when given.
    /// </summary>
    public static Process StartReadingOutput(ProcessStartInfo psi, Action<string>? line = null)
    {
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) line?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) line?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string[]> WriteSeriesAsync(string folder, string study, string series, int count)
    {
        Directory.CreateDirectory(folder);
        var (rc, output) = await RunAsync("/usr/bin/python3", "-c", WriteSeries, folder, study, series, count.ToString());
        if (rc != 0) throw new InvalidOperationException(output);
        return Directory.GetFiles(folder, "*.dcm").Order().ToArray();
    }

}
