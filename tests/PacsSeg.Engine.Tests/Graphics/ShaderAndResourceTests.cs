using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Rendering;

namespace PacsSeg.Engine.Tests.Graphics;

public sealed class ShaderAndResourceTests
{
    [Test]
    public void CompileAll_EveryFeatureSetOfEveryProgram_CompilesAndLinks()
    {
        using var fx = new PhantomFixture(16);
        Assert.DoesNotThrow(fx.Renderer.CompileAllPrograms);
        int expected = ShaderLibrary.VolumeFeatureSets().Count() + ShaderLibrary.MprFeatureSets().Count() + 1;
        Assert.That(ShaderLibrary.VolumeFeatureSets().Count(), Is.EqualTo(36), "64 sets less 16 with outline but no labels, less 12 with MIP and shading");
        int programs = fx.Renderer.Invoke(d => d.LiveResourcesByType().GetValueOrDefault(nameof(ShaderProgram)));
        Assert.That(programs, Is.EqualTo(expected));
    }

    [Test]
    public void CreateProgram_WithBrokenShader_ThrowsWithDriverLog()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-shaders-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var f in Directory.GetFiles(ShaderLibrary.FindDirectory()))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            File.AppendAllText(Path.Combine(dir, "volume.frag"), "\nthis is not glsl;\n");
            using var fx = new PhantomFixture(16);
            var e = Assert.Throws<ShaderCompileException>(() => fx.Renderer.Invoke(d =>
            {
                using var lib = new ShaderLibrary(d, dir);
                return lib.Get(ShaderKind.Volume, RenderFeatures.Labels);
            }));
            Assert.That(e!.Defines, Does.Contain("LABELS"));
            Assert.That(e.Log, Is.Not.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ReloadIfChanged_BrokenEdit_KeepsPreviousProgramsThenPicksUpTheFix()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pacsseg-shaders-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var f in Directory.GetFiles(ShaderLibrary.FindDirectory()))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            string mpr = Path.Combine(dir, "mpr.frag");
            string good = File.ReadAllText(mpr);
            using var fx = new PhantomFixture(16);
            fx.Renderer.Invoke(d =>
            {
                using var lib = new ShaderLibrary(d, dir);
                var before = lib.Get(ShaderKind.Mpr, RenderFeatures.None);
                File.WriteAllText(mpr, good + "\nbroken(;\n");
                File.SetLastWriteTimeUtc(mpr, DateTime.UtcNow.AddSeconds(5));
                string? error = lib.ReloadIfChanged(out bool changed);
                Assert.That(changed, Is.True);
                Assert.That(error, Is.Not.Null);
                Assert.That(lib.Get(ShaderKind.Mpr, RenderFeatures.None), Is.SameAs(before));
                File.WriteAllText(mpr, good);
                File.SetLastWriteTimeUtc(mpr, DateTime.UtcNow.AddSeconds(10));
                error = lib.ReloadIfChanged(out changed);
                Assert.That((changed, error), Is.EqualTo((true, (string?)null)));
                Assert.That(lib.Get(ShaderKind.Mpr, RenderFeatures.None), Is.Not.SameAs(before));
                return 0;
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Shutdown_AfterRenderingEveryMode_ReleasesAllGlObjects()
    {
        var fx = new PhantomFixture(16);
        var s = fx.State(ViewDirection.Left);
        s.ShowLabels = s.ShowUncertainty = s.Shading = true;
        fx.Render(s);
        fx.Renderer.Render(s, 64, 64, RenderQuality.Interactive);
        s.Layout = ViewLayout.Grid2x2;
        s.LabelOutline = true;
        fx.Render(s);
        Assert.That(fx.Renderer.LiveResourceCount, Is.GreaterThan(10));
        Assert.That(fx.Renderer.Shutdown(), Is.EqualTo(0));
    }

    [Test]
    public void FrameRendererDispose_DeletesItsObjectsInTheDriver()
    {
        using var fx = new PhantomFixture(16);
        fx.Renderer.Invoke(d =>
        {
            int baseline = d.LiveResourceCount;
            using var lib = new ShaderLibrary(d, ShaderLibrary.FindDirectory());
            var r = new FrameRenderer(d, lib, fx.Scene);
            var ids = new[] { r.Textures.Intensity.Id, r.Textures.Labels!.Id, r.Textures.Transfer.Id, r.Textures.Occupancy.Id };
            Assert.That(ids.All(d.Gl.IsTexture), Is.True);
            r.Dispose();
            Assert.That(ids.Any(d.Gl.IsTexture), Is.False, "glIsTexture after delete");
            Assert.That(d.LiveResourceCount, Is.EqualTo(baseline));
            return 0;
        });
    }

    [Test]
    public void DisposeOnAnotherThread_IsQueuedAndDeletedOnTheRenderThread()
    {
        using var fx = new PhantomFixture(16);
        var tex = fx.Renderer.Invoke(d => d.CreateTexture(TextureDescription.Texture2D(4, 4, TextureFormat.R8, false)));
        int before = fx.Renderer.LiveResourceCount;
        tex.Dispose(); // test thread: queued, not deleted here
        bool deleted = fx.Renderer.Invoke(d =>
        {
            d.ProcessDeletions();
            return !d.Gl.IsTexture(tex.Id);
        });
        Assert.That(deleted, Is.True);
        Assert.That(fx.Renderer.LiveResourceCount, Is.EqualTo(before - 1));
    }

    [Test]
    public void CreateTexture_OffRenderThread_Throws()
    {
        using var fx = new PhantomFixture(16);
        var device = fx.Renderer.Device;
        Assert.Throws<InvalidOperationException>(() => device.CreateTexture(TextureDescription.Texture2D(4, 4, TextureFormat.R8, false)));
    }
}
