// The built plugin program (`PacsSeg.Plugin serve`) as a separate OS process, so a test can kill -9 it
// and start it again on the same data folder. Its console output is kept in a log file beside the data.
using PacsSeg.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PacsSeg.Plugin.Tests.Support;

internal sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private PluginProcess(Process process, StreamWriter log, int httpPort, int dicomPort)
    {
        this.process = process;
        this.log = log;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", RunningPlugin.ApiKey);
    }

    public int HttpPort { get; }
    public int DicomPort { get; }
    public HttpClient Admin { get; }
    public bool HasExited => process.HasExited;

    /// <summary>The plugin's apphost, built beside the tests (the test project references the plugin).</summary>
    public static string Program => Path.Combine(AppContext.BaseDirectory, "PacsSeg.Plugin");

    /// <summary>
    /// Writes <paramref name="pacsSegSection"/> as the "PacsSeg" section of a config file and runs
    /// <c>serve --config ... --data ...</c> on the given ports; returns once /health/ready answers.
    /// </summary>
    public static async Task<PluginProcess> StartAsync(string dataDirectory, string logFile, int httpPort, int dicomPort, object pacsSegSection)
    {
        Directory.CreateDirectory(dataDirectory);
        string config = Path.Combine(Path.GetDirectoryName(logFile)!, $"plugin-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object> { ["PacsSeg"] = pacsSegSection }));
        var psi = new ProcessStartInfo(Program);
        foreach (var a in new[] { "serve", "--config", config, "--data", dataDirectory, "--address", "127.0.0.1",
            "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--grpc-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--dicom-port", dicomPort.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        var writer = new StreamWriter(logFile, append: true) { AutoFlush = true };
        void Write(string line)
        {
            lock (writer)
            {
                try
                {
                    writer.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // Output after the test let go of the process.
                }
            }
        }
        var process = PeerTools.StartReadingOutput(psi, Write);
        var plugin = new PluginProcess(process, writer, httpPort, dicomPort);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var r = await plugin.Admin.GetAsync("/health/ready");
                if (r.IsSuccessStatusCode)
                    return plugin;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await plugin.DisposeAsync();
        throw new InvalidOperationException($"the plugin did not become ready; its log: {File.ReadAllText(logFile)}");
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await KillAsync();
        process.Dispose();
        lock (log) log.Dispose();
    }
}
