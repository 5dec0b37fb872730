// Runs the real peers (dcmtk tools, pydicom through /usr/bin/python3) that the tests compare against.
using System.Diagnostics;

namespace PacsSeg.Dicom.Tests;

internal static class Peers
{
    private static readonly Lazy<string> PydicomDir = new(() =>
    {
        var r = Run("/usr/bin/python3", ["-c", "import pydicom,os;print(os.path.dirname(pydicom.__file__))"]);
        return r.ExitCode == 0 ? r.StdOut.Trim() : string.Empty;
    });

    /// <summary>pydicom's data folder (test_files, charset_files), or empty if pydicom is missing.</summary>
    public static string PydicomData => PydicomDir.Value.Length == 0 ? string.Empty : Path.Combine(PydicomDir.Value, "data");

    public static bool HasTool(string name) => File.Exists("/usr/bin/" + name);

    public static ProcessResult Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 60_000)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in {timeoutMs} ms");
        }

        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static void RequirePeer(string tool)
    {
        if (!HasTool(tool))
        {
            Assert.Ignore($"{tool} is not installed (install/setup.sh installs it).");
        }
    }

    public static void RequirePydicom()
    {
        if (PydicomData.Length == 0)
        {
            Assert.Ignore("pydicom is not installed for /usr/bin/python3.");
        }
    }
}

internal sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);
