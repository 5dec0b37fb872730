using PacsSeg.Tests.Shared;
using System.Diagnostics;
using System.Net.Http;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Hosting;

/// <summary>The program as the launcher runs it: `dotnet PacsSeg.Plugin.dll serve|demo ARGS`.</summary>
public sealed class CommandLineTests
{
    private static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "PacsSeg.Plugin.dll");

    private static Process Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(ProgramPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(psi)!;
    }

    [Test]
    public async Task Demo_WhenOrthancIsMissing_ExitsWith1AndSaysWhatToInstall()
    {
        using var dir = new TestDirectory();
        using var process = Start(dir.Path, "demo", "--orthanc", Path.Combine(dir.Path, "no-such-Orthanc"));
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(stdout, Does.Contain("demo failed"));
        Assert.That(stdout, Does.Contain("apt-get install orthanc"));
        Assert.That(Directory.GetFileSystemEntries(dir.Path), Is.Empty, "nothing was started or written");
    }

    [Test]
    public async Task Serve_WithAnInvalidConfigFile_ExitsWithTheProblemsListed()
    {
        using var dir = new TestDirectory();
        string config = Path.Combine(dir.Path, "bad.json");
        await File.WriteAllTextAsync(config, """{ "PacsSeg": { "Listen": { "Address": "not-an-ip" }, "Inference": { "QueueCapacity": 0 } } }""");
        using var process = Start(dir.Path, "serve", "--config", config);
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("'not-an-ip' is not an IP address"));
        Assert.That(stderr, Does.Contain("QueueCapacity must be > 0"));
    }

    [Test]
    public async Task Serve_WithEmbeddedDefaults_ListensOnLoopbackAndPrintsWhere()
    {
        using var dir = new TestDirectory();
        int http = FreePort.Next(), grpc = FreePort.Next();
        using var process = Start(dir.Path, "serve", "--http-port", http.ToString(), "--grpc-port", grpc.ToString(), "--dicom-port", FreePort.Next().ToString());
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            var until = DateTime.UtcNow.AddSeconds(30);
            HttpResponseMessage? ready = null;
            while (DateTime.UtcNow < until && ready is null)
            {
                try
                {
                    ready = await client.GetAsync("/health/ready");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }
            Assert.That(ready?.IsSuccessStatusCode, Is.True, "the service came up");
            Assert.That(File.Exists(Path.Combine(dir.Path, "data", "jobs.db")), Is.True, "SQLite under ./data");
            Assert.That(File.Exists(Path.Combine(dir.Path, "data", "api-key")), Is.True);
            Assert.That(Directory.Exists(Path.Combine(dir.Path, "data", "spool")), Is.True);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        string stdout = await process.StandardOutput.ReadToEndAsync();
        Assert.That(stdout, Does.Contain($"http://127.0.0.1:{http}"));
        Assert.That(stdout, Does.Contain($"http://127.0.0.1:{grpc}"));
        Assert.That(stdout, Does.Contain("PACSSEG@127.0.0.1:"));
        Assert.That(stdout, Does.Contain($"http://127.0.0.1:{http}/dicomweb/studies"), "STOW-RS address");
        Assert.That(stdout, Does.Contain("demo model installed"));
        var installed = Directory.GetFiles(Path.Combine(dir.Path, "data", "models"), "*.pacsseg");
        Assert.That(installed.Select(Path.GetFileName), Is.EqualTo(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models"), "*.pacsseg").Select(Path.GetFileName)),
            "the bundled demo model is the embedded default");
    }
}
