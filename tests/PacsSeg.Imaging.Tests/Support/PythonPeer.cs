// Runs the nibabel-free Python peers (/usr/bin/python3 + numpy, pydicom) that the tests compare against.
using System.Text.Json;
using PacsSeg.Tests.Shared;

namespace PacsSeg.Imaging.Tests.Support;

internal static class PythonPeer
{
    public static string ScriptPath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Peers", name);

    /// <summary>Runs a peer script and returns its stdout; a failing script fails the test with its stderr.</summary>
    public static string Run(string script, params string[] args) => PythonProcess.Run(ScriptPath(script), args);

    public static JsonElement RunJson(string script, params string[] args) =>
        JsonDocument.Parse(Run(script, args)).RootElement;

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
