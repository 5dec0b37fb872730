// Runs a Python peer script under Debian's /usr/bin/python3 (PyTorch 1.13.1 on the same libtorch, numpy,
// pydicom) and fails the test with the script's output when it fails. Linked into every test project by
// tests/Directory.Build.props; each project says where its scripts are.
using System.Diagnostics;

namespace PacsSeg.Tests.Shared;

internal static class PythonProcess
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="scriptPath"/> with its folder as working directory and returns its standard output.</summary>
    public static string Run(string scriptPath, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        if (!File.Exists(Python))
            Assert.Ignore($"The Python peer ({Python}) is not installed (install/setup.sh installs it).");
        var name = Path.GetFileName(scriptPath);
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(scriptPath)!,
        };
        psi.ArgumentList.Add(scriptPath);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("python did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{name} timed out");
        }
        p.WaitForExit();
        if (p.ExitCode != 0)
            Assert.Fail($"{name} failed ({p.ExitCode}):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
