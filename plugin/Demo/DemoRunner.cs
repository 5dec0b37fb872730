// The demo end to end: phantom CT study -> private Orthanc -> (Lua auto-routing, C-STORE) -> plugin
// (spool, job store, quiet period, inference, SEG + Parametric Map) -> C-STORE back into Orthanc ->
// fetched back, scored against the phantom's own label and rendered with the viewer's headless mode.
// Everything it starts (plugin host, Orthanc, child programs) is stopped when it returns or throws,
// cancellation included.
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Plugin.Hosting;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Demo;

/// <summary>Runs the demo; <see cref="Stage"/> says which stage starts, for progress display.</summary>
public sealed class DemoRunner(DemoTools tools, DemoOptions options)
{
    public static string ParametricMapStorage => DicomUids.ParametricMapStorage.Value;
    public static string SegmentationStorage => DicomUids.SegmentationStorage.Value;
    public const string PluginAe = "PACSSEG";

    /// <summary>Called with a stage's name when it starts.</summary>
    public Action<string>? Stage { get; init; }

    /// <summary>The plugin's log level (its log goes to the console).</summary>
    public LogLevel PluginLogLevel { get; init; } = LogLevel.Warning;

    public async Task<DemoReport> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string work = Path.Combine(Path.GetTempPath(), "pacsseg-demo-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            return await RunInAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!options.KeepWorkFolder)
                TryDelete(work);
        }
    }

    private async Task<DemoReport> RunInAsync(string work, CancellationToken cancellationToken)
    {
        var stages = new List<DemoStage>();
        var clock = Stopwatch.StartNew();

        Stage?.Invoke("phantom");
        var study = await MakeStudyAsync(work, cancellationToken).ConfigureAwait(false);
        stages.Add(new DemoStage("phantom CT study", clock.Elapsed.TotalSeconds, $"{options.Size}x{options.Size}x{options.Slices}, {study.Files.Count} files"));

        Stage?.Invoke("start");
        clock.Restart();
        int http = OrthancServer.FreePort(), grpc = OrthancServer.FreePort(), scp = OrthancServer.FreePort();
        int orthancHttp = OrthancServer.FreePort(), orthancDicom = OrthancServer.FreePort();
        string modelName = ModelName(tools.ModelsFolder);
        StageTimingEngine? timing = null;
        var settings = new PluginHostSettings
        {
            Overrides = PluginSettings(Path.Combine(work, "plugin"), http, grpc, scp, orthancDicom, modelName),
            MinimumLogLevel = PluginLogLevel,
            ConfigureServices = services =>
            {
                services.AddSingleton<SegmentationInferenceEngine>();
                services.AddSingleton(sp => timing = new StageTimingEngine(sp.GetRequiredService<SegmentationInferenceEngine>()));
                services.AddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<StageTimingEngine>());
            },
        };
        WebApplication app = PluginHost.Build(settings);
        await using var appLifetime = app.ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var orthanc = await OrthancServer.StartAsync(tools.Orthanc, Path.Combine(work, "orthanc"), orthancHttp, orthancDicom, PluginAe, scp,
                options.StableAgeSeconds, cancellationToken).ConfigureAwait(false);
            stages.Add(new DemoStage("start plugin + Orthanc", clock.Elapsed.TotalSeconds, $"plugin DICOM {scp}, HTTP {http}; Orthanc HTTP {orthancHttp}, DICOM {orthancDicom}"));

            Stage?.Invoke("upload");
            clock.Restart();
            string studyId = await UploadAsync(orthanc, study, cancellationToken).ConfigureAwait(false);
            var arrived = Stopwatch.StartNew();
            stages.Add(new DemoStage("upload to Orthanc", clock.Elapsed.TotalSeconds, $"{study.Files.Count} instances (REST)"));

            Stage?.Invoke("wait");
            var store = app.Services.GetRequiredService<IJobStore>();
            var (seg, map) = await WaitForResultsAsync(orthanc, store, studyId, study, cancellationToken).ConfigureAwait(false);
            double total = arrived.Elapsed.TotalSeconds;
            var job = await SettledJobAsync(store, study, cancellationToken).ConfigureAwait(false);
            var events = await store.GetEventsAsync(job.Id, cancellationToken).ConfigureAwait(false);
            stages.AddRange(Breakdown(job, events, timing?.StagesOf(job.Id) ?? [], arrived, total));

            Stage?.Invoke("fetch");
            clock.Restart();
            Directory.CreateDirectory(options.OutputFolder);
            string? segFile = seg is null ? null : Path.GetFullPath(Path.Combine(options.OutputFolder, "segmentation.dcm"));
            string mapFile = Path.GetFullPath(Path.Combine(options.OutputFolder, "uncertainty.dcm"));
            if (seg is not null)
                await orthanc.DownloadAsync(seg.Instances[0], segFile!, cancellationToken).ConfigureAwait(false);
            await orthanc.DownloadAsync(map.Instances[0], mapFile, cancellationToken).ConfigureAwait(false);
            double dice = segFile is null ? 0 : Dice(study, segFile, cancellationToken);
            stages.Add(new DemoStage("fetch results + score", clock.Elapsed.TotalSeconds, segFile is null
                ? "no SEG: the model found no organ"
                : $"Dice {dice.ToString("0.000", CultureInfo.InvariantCulture)} against the phantom's label"));

            string? png = null;
            if (options.Render && segFile is not null)
            {
                Stage?.Invoke("render");
                clock.Restart();
                png = Path.GetFullPath(Path.Combine(options.OutputFolder, "demo.png"));
                await RenderAsync(study.Folder, segFile, mapFile, png, cancellationToken).ConfigureAwait(false);
                stages.Add(new DemoStage("render PNG (headless)", clock.Elapsed.TotalSeconds, Path.GetFileName(png)));
            }
            return new DemoReport
            {
                Stages = stages,
                ArrivalToResultsSeconds = total,
                StudyInstanceUid = study.StudyInstanceUid,
                ModelName = modelName,
                Instances = study.Files.Count,
                SegmentationFile = segFile,
                ParametricMapFile = mapFile,
                Png = png,
                Dice = dice,
                SummaryJson = job.SummaryJson,
            };
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private Dictionary<string, string?> PluginSettings(string data, int http, int grpc, int scp, int orthancDicom, string model)
    {
        static string S(double v) => v.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            ["PacsSeg:DataDirectory"] = data,
            ["PacsSeg:Listen:Address"] = "127.0.0.1",
            ["PacsSeg:Listen:HttpPort"] = S(http),
            ["PacsSeg:Listen:GrpcPort"] = S(grpc),
            ["PacsSeg:Security:ApiKeys:0"] = Guid.NewGuid().ToString("N"),
            ["PacsSeg:Dicom:Server:AeTitle"] = PluginAe,
            ["PacsSeg:Dicom:Server:BindAddress"] = "127.0.0.1",
            ["PacsSeg:Dicom:Server:Port"] = S(scp),
            ["PacsSeg:Spool:MinFreeBytes"] = S(256L * 1024 * 1024),
            ["PacsSeg:Assembly:QuietPeriodSeconds"] = S(options.QuietPeriodSeconds),
            ["PacsSeg:Assembly:PollIntervalMilliseconds"] = "100",
            ["PacsSeg:Routing:Rules:0:Name"] = "CT",
            ["PacsSeg:Routing:Rules:0:Modality"] = "CT",
            ["PacsSeg:Routing:Rules:0:Model"] = model,
            ["PacsSeg:Inference:ModelsDirectory"] = tools.ModelsFolder,
            ["PacsSeg:Export:PollIntervalMilliseconds"] = "100",
            ["PacsSeg:Export:Destinations:0:Name"] = "orthanc",
            ["PacsSeg:Export:Destinations:0:Kind"] = "CStore",
            ["PacsSeg:Export:Destinations:0:AeTitle"] = OrthancServer.AeTitle,
            ["PacsSeg:Export:Destinations:0:CallingAe"] = PluginAe,
            ["PacsSeg:Export:Destinations:0:Host"] = "127.0.0.1",
            ["PacsSeg:Export:Destinations:0:Port"] = S(orthancDicom),
        };
    }

    /// <summary>The model the demo routes CT to: the registry's name (file stem before the version) of the first package.</summary>
    public static string ModelName(string modelsFolder)
    {
        string file = Directory.EnumerateFiles(modelsFolder, "*.pacsseg").Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new DemoException($"no .pacsseg model in {modelsFolder}.");
        string stem = Path.GetFileNameWithoutExtension(file);
        int dash = stem.LastIndexOf('-');
        return dash > 0 ? stem[..dash] : stem;
    }

    // The trainer draws the phantom (one labeled case, a seed the model never saw); it becomes a DICOM series here.
    private async Task<PhantomStudy> MakeStudyAsync(string work, CancellationToken cancellationToken)
    {
        string dataset = Path.Combine(work, "phantom");
        var (rc, output) = await ChildProcess.RunAsync("dotnet",
            [tools.TrainerDll, "phantom", dataset, "--kind", "abdominal3d", "--labeled", "1", "--unlabeled", "0", "--test", "0",
             "--size", Invariant(options.Size), "--slices", Invariant(options.Slices), "--seed", Invariant(options.Seed)],
            TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        if (rc != 0)
            throw new DemoException($"the trainer could not make the phantom (exit {rc}): {Last(output)}");
        string image = Directory.GetFiles(Path.Combine(dataset, "imagesTr"), "*.nii*").Single();
        string label = Directory.GetFiles(Path.Combine(dataset, "labelsTr"), "*.nii*").Single();
        var volume = NiftiReader.ReadVolume<float>(image);
        var labels = NiftiReader.ReadVolume<byte>(label);
        return PhantomStudy.Write(Path.Combine(work, "study"), volume, labels, cancellationToken);
    }

    private static async Task<string> UploadAsync(OrthancServer orthanc, PhantomStudy study, CancellationToken cancellationToken)
    {
        string? studyId = null;
        // A few uploads in flight, as a modality's sender would keep; Orthanc answers each after storing it.
        await Parallel.ForEachAsync(study.Files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            string id = await orthanc.UploadAsync(file, ct).ConfigureAwait(false);
            Interlocked.CompareExchange(ref studyId, id, null);
        }).ConfigureAwait(false);
        return studyId ?? throw new DemoException("nothing was uploaded.");
    }

    // Waits for the Parametric Map and the SEG; a job that finished with the map alone (the model found
    // nothing) ends the wait without a SEG.
    private async Task<(OrthancSeries? Seg, OrthancSeries Map)> WaitForResultsAsync(OrthancServer orthanc, IJobStore store, string studyId, PhantomStudy study,
        CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var series = await orthanc.SeriesAsync(studyId, cancellationToken).ConfigureAwait(false);
            var seg = series.FirstOrDefault(s => s.SopClassUid == SegmentationStorage);
            var map = series.FirstOrDefault(s => s.SopClassUid == ParametricMapStorage);
            if (seg is not null && map is not null)
                return (seg, map);
            var jobs = await store.ListJobsAsync(new JobQuery(StudyInstanceUid: study.StudyInstanceUid), cancellationToken).ConfigureAwait(false);
            if (jobs.FirstOrDefault(j => j.State is JobState.Failed or JobState.DeadLetter) is { } failed)
                throw new DemoException($"the plugin's job {failed.Id} ended {failed.State}: {failed.Detail}");
            if (map is not null && jobs.Any(j => j.State == JobState.Done && j.Results.Count < 2))
                return (null, map);
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        throw new DemoException($"the SEG and the Parametric Map did not arrive in Orthanc within {options.Timeout.TotalSeconds:0} s; Orthanc's log: {orthanc.LogFile}");
    }

    // The results can be visible in Orthanc a moment before the plugin commits the job as Done (the export's
    // last response and the commit race); the stage table needs the Done event, so wait a little for it.
    private static async Task<JobRecord> SettledJobAsync(IJobStore store, PhantomStudy study, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = (await store.ListJobsAsync(new JobQuery(StudyInstanceUid: study.StudyInstanceUid), cancellationToken).ConfigureAwait(false))
                .Single(j => j.SeriesInstanceUid == study.SeriesInstanceUid);
            if (job.State == JobState.Done || DateTime.UtcNow > until)
                return job;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    // Job store events give the plugin's side; the engine's own progress splits the inference.
    private static List<DemoStage> Breakdown(JobRecord job, IReadOnlyList<JobEvent> events, IReadOnlyList<(string Stage, double Seconds)> engine, Stopwatch arrived, double total)
    {
        DateTimeOffset? At(JobState state) => events.Where(e => e.To == state).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
        var now = DateTimeOffset.UtcNow;
        var uploaded = now - arrived.Elapsed;
        var list = new List<DemoStage>();
        void Add(string name, DateTimeOffset? from, DateTimeOffset? to, string note = "")
        {
            if (from is { } f && to is { } t)
                list.Add(new DemoStage("  " + name, Math.Max(0, (t - f).TotalSeconds), note));
        }
        Add("Orthanc stable age + routing start", uploaded, job.CreatedAt, "until the plugin stored the first instance");
        Add("receive (C-STORE into the spool)", job.CreatedAt, job.LastInstanceAt, $"{job.InstanceCount} instances");
        Add("quiet period + assemble", job.LastInstanceAt, At(JobState.Queued));
        Add("queue", At(JobState.Queued), At(JobState.Inferring));
        foreach (var (stage, seconds) in engine)
            list.Add(new DemoStage("  " + stage switch { "load" => "load series + model", "infer" => "infer (sliding window, TTA)", "write" => "write SEG + Parametric Map", _ => stage }, seconds));
        if (engine.Count == 0)
            Add("inference", At(JobState.Inferring), At(JobState.Exporting));
        Add("export (C-STORE to Orthanc)", At(JobState.Exporting), At(JobState.Done));
        Add("visible in Orthanc", At(JobState.Done), now);
        list.Insert(0, new DemoStage("last instance in Orthanc -> results in Orthanc", total, $"job {job.Id}, model {job.Model}"));
        return list;
    }

    private static double Dice(PhantomStudy study, string segFile, CancellationToken cancellationToken)
    {
        var series = DicomSeriesReader.ReadFiles(study.Files, null, cancellationToken);
        var sources = study.Files.Select(f => DicomFile.Open(f).Dataset).ToList();
        var geometry = SegmentationVolumes.GeometryOf(series, sources);
        var segFileData = DicomFile.Open(segFile);
        var content = SegmentationReader.Read(segFileData.Dataset, segFileData.TransferSyntax, geometry);
        Volume<byte> predicted = SegmentationVolumes.ToLabelVolume(content, series);
        var reference = study.Reference.Voxels;
        if (predicted.Voxels.Length != reference.Length)
            throw new DemoException($"the SEG covers {predicted.Voxels.Length} voxels, the phantom {reference.Length}.");
        long both = 0, a = 0, b = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            bool p = predicted.Voxels[i] != 0, r = reference[i] != 0;
            if (p) a++;
            if (r) b++;
            if (p && r) both++;
        }
        return a + b == 0 ? 1 : 2.0 * both / (a + b);
    }

    private async Task RenderAsync(string studyFolder, string seg, string map, string png, CancellationToken cancellationToken)
    {
        var (rc, output) = await ChildProcess.RunAsync("dotnet",
            [tools.ViewerDll, "render", studyFolder, seg, map, "--labels", "--uncertainty", "--layout", "2x2", "--size", "1024x1024",
             "--preset", "ct-soft-tissue", "--log-level", "warning", "--out", png],
            TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (rc != 0 || !File.Exists(png))
            throw new DemoException($"the viewer could not render the result (exit {rc}): {Last(output)}");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Last(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 4)));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (Orthanc's last write): the temp folder is cleaned by the system later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
