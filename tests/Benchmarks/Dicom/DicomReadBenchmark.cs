// Reads a 500-slice CT series (512x512, 16-bit) into a float32 volume of Hounsfield units:
// PacsSeg's reader and pixel decoding against pydicom (dcmread + pixel_array * slope + intercept) in the same run.
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Imaging;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Dicom;

internal sealed class DicomReadBenchmark : IBenchmark
{
    private const int Slices = 500;
    private const int Size = 512;

    private const string PydicomScript = """
        import sys, time, glob, numpy as np, pydicom
        files = sorted(glob.glob(sys.argv[1] + '/*.dcm'))
        best = 1e9
        best_cpu = 1e9
        for run in range(int(sys.argv[2]) + 1):  # the first run warms caches and is not counted
            t = time.perf_counter()
            c = time.process_time()
            vol = np.empty((len(files), 512, 512), np.float32)
            for i, f in enumerate(files):
                ds = pydicom.dcmread(f)
                vol[i] = ds.pixel_array.astype(np.float32) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            if run > 0:
                best = min(best, time.perf_counter() - t)
                best_cpu = min(best_cpu, time.process_time() - c)
        print(f"{best:.6f} {float(vol.sum(dtype=np.float64)):.1f} {best_cpu:.6f}")
        """;

    public string Name => "dicom-read";

    public string Description => "500 CT slices 512x512 16-bit -> float32 HU volume: PacsSeg vs pydicom";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var dir = Path.Combine(Path.GetTempPath(), "pacsseg-bench-ct500");
        EnsureSeries(dir, cancellationToken);
        var files = Directory.GetFiles(dir, "*.dcm").Order(StringComparer.Ordinal).ToArray();
        var totalBytes = files.Sum(f => new FileInfo(f).Length);
        var megabytes = totalBytes / 1e6;

        var volume = new float[(long)files.Length * Size * Size];
        var ours = double.MaxValue;
        var oursCpu = double.MaxValue;
        double checksum = 0;
        for (var r = -1; r < runs; r++) // run -1 warms the JIT and caches and is not counted
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < files.Length; i++)
            {
                var pixels = DicomPixelData.Create(DicomFile.Open(files[i]));
                pixels.GetFrameRescaled(0, volume.AsSpan(i * Size * Size, Size * Size));
            }

            if (r >= 0)
            {
                ours = Math.Min(ours, sw.Elapsed.TotalSeconds);
                oursCpu = Math.Min(oursCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }
        }

        checksum = volume.Sum(v => (double)v);
        var parallel = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, i =>
            {
                var pixels = DicomPixelData.Create(DicomFile.Open(files[i]));
                pixels.GetFrameRescaled(0, volume.AsSpan(i * Size * Size, Size * Size));
            });
            parallel = Math.Min(parallel, sw.Elapsed.TotalSeconds);
        }

        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", PydicomScript, dir, runs.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            AnsiConsole.MarkupLine($"[red]pydicom failed:[/] {Markup.Escape(err)}");
            return Task.FromResult(1);
        }

        var parts = output.Trim().Split(' ');
        var theirs = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var theirSum = double.Parse(parts[1], CultureInfo.InvariantCulture);
        var theirCpu = double.Parse(parts[2], CultureInfo.InvariantCulture);

        // CPU seconds are reported beside wall time: on a shared, loaded machine they are the steadier measure.
        var table = new Table().AddColumns("reader", "best wall of " + runs + " (s)", "MB/s", "slices/s", "vs pydicom (wall)", "CPU s", "vs pydicom (CPU)");
        table.AddRow("PacsSeg (1 thread)", F(ours), F(megabytes / ours), F(files.Length / ours), F(theirs / ours) + "x", F(oursCpu), F(theirCpu / oursCpu) + "x");
        table.AddRow("PacsSeg (2 threads)", F(parallel), F(megabytes / parallel), F(files.Length / parallel), F(theirs / parallel) + "x", "-", "-");
        table.AddRow("pydicom " + PydicomVersion(), F(theirs), F(megabytes / theirs), F(files.Length / theirs), "1.00x", F(theirCpu), "1.00x");
        AnsiConsole.MarkupLine($"load average: {Markup.Escape(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}, {Environment.ProcessorCount} cores");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{files.Length} files, {megabytes:F1} MB; volume checksums PacsSeg {checksum:F1}, pydicom {theirSum:F1} ({(Math.Abs(checksum - theirSum) < 1e-6 * Math.Abs(theirSum) + 1 ? "equal" : "DIFFERENT")})");
        return Task.FromResult(Math.Abs(checksum - theirSum) < 1e-6 * Math.Abs(theirSum) + 1 ? 0 : 1);
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string PydicomVersion()
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pydicom;print(pydicom.__version__)"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var v = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return v;
    }

    // A synthetic but realistic series: one study/series/frame of reference, 1 mm slices, HU rescale, body-like values.
    private static void EnsureSeries(string dir, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(dir, "complete");
        if (File.Exists(marker))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        var study = DicomUid.Generate().Value;
        var series = DicomUid.Generate().Value;
        var frame = DicomUid.Generate().Value;
        var random = new Random(7);
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("Writing 500 CT slices", maxValue: Slices);
            for (var z = 0; z < Slices; z++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pixels = new short[Size * Size];
                for (var y = 0; y < Size; y++)
                {
                    for (var x = 0; x < Size; x++)
                    {
                        var dx = x - 256;
                        var dy = y - 256;
                        var inside = (dx * dx) + (dy * dy) < 200 * 200;
                        pixels[(y * Size) + x] = (short)((inside ? 1040 : 24) + random.Next(-20, 21));
                    }
                }

                var ds = new DicomDataset()
                    .AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100")
                    .AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage.Value)
                    .AddOrUpdate(DicomTags.SOPInstanceUID, DicomUid.Generate().Value)
                    .AddOrUpdate(DicomTags.Modality, "CT")
                    .AddOrUpdate(DicomTags.PatientName, "Bench^Mark")
                    .AddOrUpdate(DicomTags.PatientID, "BENCH001")
                    .AddOrUpdate(DicomTags.StudyInstanceUID, study)
                    .AddOrUpdate(DicomTags.SeriesInstanceUID, series)
                    .AddOrUpdate(DicomTags.FrameOfReferenceUID, frame)
                    .AddOrUpdateIntegers(DicomTags.InstanceNumber, z + 1)
                    .AddOrUpdateDecimals(DicomTags.ImagePositionPatient, -250, -250, z)
                    .AddOrUpdateDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
                    .AddOrUpdateDecimals(DicomTags.PixelSpacing, 0.9765625, 0.9765625)
                    .AddOrUpdateDecimals(DicomTags.SliceThickness, 1)
                    .AddOrUpdate(DicomTags.SamplesPerPixel, (ushort)1)
                    .AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2")
                    .AddOrUpdate(DicomTags.Rows, (ushort)Size)
                    .AddOrUpdate(DicomTags.Columns, (ushort)Size)
                    .AddOrUpdate(DicomTags.BitsAllocated, (ushort)16)
                    .AddOrUpdate(DicomTags.BitsStored, (ushort)16)
                    .AddOrUpdate(DicomTags.HighBit, (ushort)15)
                    .AddOrUpdate(DicomTags.PixelRepresentation, (ushort)1)
                    .AddOrUpdateDecimals(DicomTags.RescaleIntercept, -1024)
                    .AddOrUpdateDecimals(DicomTags.RescaleSlope, 1)
                    .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, pixels);
                new DicomFile(ds).Save(Path.Combine(dir, $"ct{z:D4}.dcm"));
                task.Increment(1);
            }
        });
        File.WriteAllText(marker, "500");
    }
}
