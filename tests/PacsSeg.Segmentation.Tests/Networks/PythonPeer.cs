// Runs a peer script under Debian's python3 (PyTorch 1.13.1 on the same libtorch). The scripts live in the
// source tree (Networks/Peer), found from the test binaries by walking up to the repository root.
using System.Diagnostics;

namespace PacsSeg.Segmentation.Tests.Networks;

internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public static string PeerDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
                dir = dir.Parent;
            if (dir is null)
                Assert.Ignore("repository root not found; the peer scripts live in the source tree");
            return Path.Combine(dir!.FullName, "tests", "PacsSeg.Segmentation.Tests", "Networks", "Peer");
        }
    }

    public static void Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
            Assert.Ignore("PyTorch peer (/usr/bin/python3) is not installed");
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = PeerDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(PeerDirectory, script));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("python did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{script} timed out");
        }
        if (p.ExitCode != 0)
            Assert.Fail($"{script} failed ({p.ExitCode}):\n{stdout}\n{stderr.Result}");
    }
}
