// Finds what the demo runs besides the plugin: the repository's trainer (phantom generator) and viewer
// (headless render) programs, the bundled demo model, Orthanc and its DICOMweb plugin. Missing pieces
// are reported together, with what to install or build, before anything starts.
namespace PacsSeg.Plugin.Demo;

/// <summary>Paths of the programs and files the demo needs.</summary>
public sealed record DemoTools
{
    public const string DefaultOrthanc = "/usr/sbin/Orthanc";
    public const string DefaultDicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    public required string Orthanc { get; init; }
    public required string TrainerDll { get; init; }
    public required string ViewerDll { get; init; }
    public required string ModelsFolder { get; init; }

    /// <summary>Locates every tool; throws <see cref="DemoException"/> listing all that are missing.</summary>
    public static DemoTools Locate(string? orthanc = null, string? repositoryRoot = null)
    {
        var problems = new List<string>();
        string orthancPath = orthanc ?? FindOnPath("Orthanc") ?? DefaultOrthanc;
        if (!File.Exists(orthancPath))
            problems.Add($"Orthanc is not installed ({orthancPath} missing): apt-get install orthanc orthanc-dicomweb");
        else if (!File.Exists(DefaultDicomWebPlugin))
            problems.Add($"Orthanc's DICOMweb plugin is missing ({DefaultDicomWebPlugin}): apt-get install orthanc-dicomweb");
        string? root = repositoryRoot ?? FindRepositoryRoot(AppContext.BaseDirectory);
        string trainer = "", viewer = "";
        if (root is null)
        {
            problems.Add("the PacsSeg repository (PacsSegPlugin.sln) was not found above " + AppContext.BaseDirectory);
        }
        else
        {
            trainer = Program(root, "trainer", "PacsSeg.Trainer") ?? "";
            viewer = Program(root, Path.Combine("engine", "Viewer"), "PacsSeg.Viewer") ?? "";
            if (trainer.Length == 0)
                problems.Add("the trainer is not built (trainer/bin/*/net10.0/PacsSeg.Trainer.dll): run ./pacsseg setup");
            if (viewer.Length == 0)
                problems.Add("the viewer is not built (engine/Viewer/bin/*/net10.0/PacsSeg.Viewer.dll): run ./pacsseg setup");
        }
        string models = BundledModelsFolder(root);
        if (!Directory.Exists(models) || !Directory.EnumerateFiles(models, "*.pacsseg").Any())
            problems.Add($"the demo model is missing (no .pacsseg in {models}); docs/demo-model.md says how to train it");
        if (problems.Count > 0)
            throw new DemoException("the demo cannot run: " + string.Join("; ", problems) + ".");
        return new DemoTools { Orthanc = orthancPath, TrainerDll = trainer, ViewerDll = viewer, ModelsFolder = models };
    }

    /// <summary>The folder of the bundled demo model: beside the program (copied there by the build), else models/demo in the repository.</summary>
    public static string BundledModelsFolder(string? repositoryRoot = null)
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "models");
        if (Directory.Exists(beside) && Directory.EnumerateFiles(beside, "*.pacsseg").Any())
            return beside;
        string? root = repositoryRoot ?? FindRepositoryRoot(AppContext.BaseDirectory);
        return root is null ? beside : Path.Combine(root, "models", "demo");
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PacsSegPlugin.sln")))
                return dir.FullName;
        }
        return null;
    }

    // Prefers the configuration this program was built in (Release under ./pacsseg), then any other.
    private static string? Program(string root, string project, string assembly)
    {
        string bin = Path.Combine(root, project, "bin");
        if (!Directory.Exists(bin))
            return null;
        string own = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        var candidates = new[] { own, "Release", "Debug" }
            .Select(c => Path.Combine(bin, c, "net10.0", assembly + ".dll"))
            .Where(File.Exists)
            .ToList();
        return candidates.FirstOrDefault();
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
