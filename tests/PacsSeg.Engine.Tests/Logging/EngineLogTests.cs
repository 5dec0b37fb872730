using Microsoft.Extensions.Logging;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.IO.Nifti;

namespace PacsSeg.Engine.Tests.Logging;

// The engine logs loading, shader compiles/reloads with event ids in its own range (7000-7099).
public sealed class EngineLogTests
{
    [Test]
    public async Task LoadAsync_NiftiPhantom_LogsLoadingAndLoadedWithSizeAndOverlays()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var phantom = new Phantom();
            var scene = phantom.Build(phantom.Grid(16));
            string image = Path.Combine(dir, "ct.nii"), labels = Path.Combine(dir, "labels.nii");
            NiftiWriter.Write(image, scene.Intensity);
            NiftiWriter.Write(labels, scene.Labels!);
            var log = new CapturingLogger();
            await new SceneLoader([new NiftiSceneSource()], log).LoadAsync([image, labels], CancellationToken.None);
            var entries = log.Entries;
            Assert.That(entries.Select(e => e.Id), Is.EqualTo(new[] { 7000, 7001 }));
            Assert.That(entries[0].Message, Does.Contain("ct.nii").And.Contain("+1 overlay"));
            Assert.That(entries[1].Message, Does.Contain("16x16x16").And.Contain($"{scene.LabelInfos.Count} label(s)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void LoadAsync_MissingOverlayFormat_LogsTheFailureAsWarning()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var phantom = new Phantom();
            string image = Path.Combine(dir, "ct.nii"), bogus = Path.Combine(dir, "notes.txt");
            NiftiWriter.Write(image, phantom.Build(phantom.Grid(8)).Intensity);
            File.WriteAllText(bogus, "not an overlay");
            var log = new CapturingLogger();
            Assert.ThrowsAsync<SceneException>(() => new SceneLoader([new NiftiSceneSource()], log).LoadAsync([image, bogus], CancellationToken.None));
            Assert.That(log.Entries.Last(), Is.EqualTo((LogLevel.Warning, 7002, log.Entries.Last().Message)));
            Assert.That(log.Entries.Last().Message, Does.Contain("notes.txt"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ShaderLibrary_CompileAndReload_LogCompilesReloadsAndFailures()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-shaders-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var f in Directory.GetFiles(ShaderLibrary.FindDirectory()))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            string mpr = Path.Combine(dir, "mpr.frag");
            string good = File.ReadAllText(mpr);
            var log = new CapturingLogger();
            using var fx = new PhantomFixture(16);
            fx.Renderer.Invoke(d =>
            {
                using var lib = new ShaderLibrary(d, dir, log);
                lib.Get(ShaderKind.Mpr, RenderFeatures.Labels);
                File.WriteAllText(mpr, good + "\nbroken(;\n");
                File.SetLastWriteTimeUtc(mpr, DateTime.UtcNow.AddSeconds(5));
                lib.ReloadIfChanged(out _);
                File.WriteAllText(mpr, good);
                File.SetLastWriteTimeUtc(mpr, DateTime.UtcNow.AddSeconds(10));
                lib.ReloadIfChanged(out _);
                return 0;
            });
            var ids = log.Entries.Select(e => e.Id).ToList();
            Assert.That(ids, Is.EqualTo(new[] { 7020, 7022, 7020, 7021 }));
            Assert.That(log.Entries[0].Message, Does.Contain("mpr.frag").And.Contain("LABELS"));
            Assert.That(log.Entries[1].Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(log.Entries[3].Message, Does.Contain("1 program(s)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
