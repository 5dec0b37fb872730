// Shared pieces of the crash-safety and PACS-down tests: CT series written with pydicom (64 x 64 slices with
// geometry the inference can read), dcmtk's storescp as a counting sink, the plugin's config section.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PacsSeg.Plugin.Tests.Safety;

internal static class SafetyPeers
{
    public const string UidRoot = "1.2.826.0.1.3680043.9.7777.5";

    private const string WriteStudies = """
        import sys, numpy as np
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian
        out, root, studies, series, slices, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
        yy, xx = np.mgrid[0:size, 0:size]
        for s in range(studies):
            for r in range(series):
                for i in range(slices):
                    meta = FileMetaDataset()
                    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
                    meta.MediaStorageSOPInstanceUID = '%s.%d.%d.%d' % (root, s + 1, r + 1, i + 1)
                    meta.TransferSyntaxUID = ExplicitVRLittleEndian
                    ds = Dataset()
                    ds.file_meta = meta
                    ds.is_little_endian, ds.is_implicit_VR = True, False
                    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
                    ds.StudyInstanceUID, ds.SeriesInstanceUID = '%s.%d' % (root, s + 1), '%s.%d.%d' % (root, s + 1, r + 1)
                    ds.Modality, ds.BodyPartExamined, ds.SeriesDescription, ds.Manufacturer = 'CT', 'ABDOMEN', 'Abdomen %d' % (r + 1), 'TEST'
                    ds.PatientName, ds.PatientID = 'Crash^Test%d' % (s + 1), 'CRASH%d' % (s + 1)
                    ds.SeriesNumber, ds.InstanceNumber = r + 1, i + 1
                    ds.ImagePositionPatient = [-size / 2, -size / 2, 2.5 * i]
                    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
                    ds.PixelSpacing, ds.SliceThickness = [1, 1], 2.5
                    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = size, size, 1, 'MONOCHROME2'
                    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
                    ds.RescaleIntercept, ds.RescaleSlope = 0, 1
                    z = (i - slices / 2) * 2.5
                    inside = (xx - size / 2) ** 2 + (yy - size / 2) ** 2 + z * z < (size / 4) ** 2
                    ds.PixelData = np.where(inside, 250, 40).astype('<i2').tobytes()
                    ds.save_as('%s/%d_%d_%03d.dcm' % (out, s + 1, r + 1, i), write_like_original=False)
        """;

    public static string Study(int s) => $"{UidRoot}.{s}";

    public static string Series(int s, int r) => $"{UidRoot}.{s}.{r}";

    public static string Sop(int s, int r, int i) => $"{UidRoot}.{s}.{r}.{i}";

    /// <summary>Writes studies x series x slices CT instances (UIDs from <see cref="Sop"/>, 1-based) into <paramref name="folder"/>.</summary>
    public static async Task WriteStudiesAsync(string folder, int studies, int series, int slices, int size)
    {
        Directory.CreateDirectory(folder);
        var (rc, output) = await Support.PeerTools.RunAsync("/usr/bin/python3", "-c", WriteStudies, folder, UidRoot,
            I(studies), I(series), I(slices), I(size));
        if (rc != 0) throw new InvalidOperationException(output);
    }

    /// <summary>Sends a folder to a DICOM node with dcmtk's storescu (one association).</summary>
    public static async Task SendFolderAsync(string folder, string calledAe, int port)
    {
        var psi = new ProcessStartInfo("storescu") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-aet", "LOADER", "-aec", calledAe, "+sd", "+r", "127.0.0.1", I(port), folder })
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"storescu failed ({process.ExitCode}): {await stdout}{await stderr}");
    }

    /// <summary>dcmtk's storescp writing every received object under a unique file name (so a resend is a second file).</summary>
    public static Process StartSink(string folder, string aeTitle, int port)
    {
        Directory.CreateDirectory(folder);
        var psi = new ProcessStartInfo("storescp", ["-aet", aeTitle, "-pm", "+uf", "-od", folder, I(port)]);
        psi.Environment["TCP_NODELAY"] = "1";
        return Support.PeerTools.StartReadingOutput(psi);
    }

    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>SOP Instance UID of every complete file in the folder (a name per reception), counted.</summary>
    public static Dictionary<string, int> ReceivedSops(string folder)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            string uid = SopOf(file);
            counts[uid] = counts.GetValueOrDefault(uid) + 1;
        }
        return counts;
    }

    public static string SopOf(string file) =>
        PacsSeg.Dicom.DicomFile.Open(file, new PacsSeg.Dicom.IO.DicomReadOptions { LargeValueThreshold = 1024 }).Dataset.GetString(PacsSeg.Dicom.DicomTags.SOPInstanceUID);

    /// <summary>Reads the job database of a stopped plugin directly.</summary>
    public static async Task<List<T>> QueryAsync<T>(string databaseFile, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
            list.Add(read(reader));
        return list;
    }

    /// <summary>The plugin's configuration: CT routed to the tiny test model, results to one C-STORE destination.</summary>
    public static Dictionary<string, object> PluginSection(int destinationPort, string destinationAe, double quietSeconds, int maxExportAttempts,
        double attemptDelaySeconds, int destinationRetries) => new()
        {
            ["Security"] = new Dictionary<string, object> { ["ApiKeys"] = new[] { Support.RunningPlugin.ApiKey } },
            ["Spool"] = new Dictionary<string, object> { ["MinFreeBytes"] = 0 },
            ["Assembly"] = new Dictionary<string, object> { ["QuietPeriodSeconds"] = quietSeconds, ["PollIntervalMilliseconds"] = 100 },
            ["Routing"] = new Dictionary<string, object>
            {
                ["Rules"] = new[] { new Dictionary<string, object> { ["Name"] = "CT", ["Modality"] = "CT", ["Model"] = "phantom" } },
            },
            ["Inference"] = new Dictionary<string, object> { ["MaxAttempts"] = 3, ["RetryDelaySeconds"] = 0.5 },
            ["Export"] = new Dictionary<string, object>
            {
                ["MaxAttempts"] = maxExportAttempts,
                ["AttemptDelaySeconds"] = attemptDelaySeconds,
                ["PollIntervalMilliseconds"] = 100,
                ["Destinations"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["Name"] = "pacs", ["Kind"] = "CStore", ["AeTitle"] = destinationAe, ["Host"] = "127.0.0.1", ["Port"] = destinationPort,
                        ["MaxRetries"] = destinationRetries, ["BaseDelaySeconds"] = 0.2, ["MaxDelaySeconds"] = 1, ["TimeoutSeconds"] = 30,
                        ["BreakerMinimumThroughput"] = 1000,
                    },
                },
            },
        };

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
