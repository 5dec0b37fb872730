// The plugin-e2e memory run's child process: hosts the plugin alone (SQLite, spool, demo model, results to a
// folder), signals readiness, waits for the one study's job to finish and prints its peak RSS and peak
// managed heap (sampled every 50 ms) as key=value lines.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.Hosting;
using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Benchmarks.Plugin;

internal static class MemoryChild
{
    public const string Flag = "--memory-child";
    public const string Ready = "READY";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string data = args[1];
        string port = args[2];
        string models = args[3];
        static string Free() => PacsSeg.Plugin.Demo.OrthancServer.FreePort().ToString(CultureInfo.InvariantCulture);
        var app = PluginHost.Build(new PluginHostSettings
        {
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            Overrides = new Dictionary<string, string?>
            {
                ["PacsSeg:DataDirectory"] = data,
                ["PacsSeg:Listen:HttpPort"] = Free(),
                ["PacsSeg:Listen:GrpcPort"] = Free(),
                ["PacsSeg:Security:ApiKeys:0"] = Guid.NewGuid().ToString("N"),
                ["PacsSeg:Dicom:Server:Port"] = port,
                ["PacsSeg:Spool:MinFreeBytes"] = "0",
                ["PacsSeg:Assembly:QuietPeriodSeconds"] = "1",
                ["PacsSeg:Assembly:PollIntervalMilliseconds"] = "100",
                ["PacsSeg:Routing:Rules:0:Model"] = PacsSeg.Plugin.Demo.DemoRunner.ModelName(models),
                ["PacsSeg:Inference:ModelsDirectory"] = models,
                ["PacsSeg:Export:PollIntervalMilliseconds"] = "100",
                ["PacsSeg:Export:Destinations:0:Name"] = "folder",
                ["PacsSeg:Export:Destinations:0:Kind"] = "Folder",
                ["PacsSeg:Export:Destinations:0:Folder"] = Path.Combine(data, "exported"),
            },
        });
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            long peakManaged = 0;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                    try
                    {
                        await Task.Delay(50, sampling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }, CancellationToken.None);
            Console.WriteLine(Ready);
            var store = app.Services.GetRequiredService<IJobStore>();
            JobRecord? job = null;
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (DateTime.UtcNow < deadline)
            {
                var jobs = await store.ListJobsAsync(new JobQuery(), cancellationToken);
                job = jobs.FirstOrDefault(j => j.State is JobState.Done or JobState.Failed or JobState.DeadLetter);
                if (job is not null)
                    break;
                await Task.Delay(200, cancellationToken);
            }
            await sampling.CancelAsync();
            await sampler;
            Console.WriteLine($"state={job?.State.ToString() ?? "timeout"}");
            Console.WriteLine($"peakRss={PluginEndToEndBenchmark.PeakRss(Environment.ProcessId)}");
            Console.WriteLine($"peakManaged={peakManaged}");
            await app.StopAsync(CancellationToken.None);
        }
        return 0;
    }
}
