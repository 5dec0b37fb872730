// Runs the nibabel-free Python peers (/usr/bin/python3 + numpy, pydicom) that the tests compare against.
using System.Diagnostics;
using System.Text.Json;

namespace PacsSeg.Imaging.Tests.Support;

internal static class PythonPeer
{
    public const string Python = "/usr/bin/python3";

    public static string ScriptPath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Peers", name);

    /// <summary>Runs a peer script and returns its stdout; a failing script fails the test with its stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
            Assert.Ignore($"{Python} is not installed.");
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ScriptPath(script));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), $"{script} failed: {stderr.Result}");
        return stdout;
    }

    public static JsonElement RunJson(string script, params string[] args) =>
        JsonDocument.Parse(Run(script, args)).RootElement;

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
