// Offscreen rendering for the `render` command, tests and benchmarks: an EGL context on its own
// render thread, a scene uploaded once, frames read back as RGBA.
using System.Diagnostics;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Platform;
using PacsSeg.Engine.Scene;

namespace PacsSeg.Engine.Rendering;

/// <summary>Renders a scene to pixels without a window.</summary>
public sealed class HeadlessRenderer : IDisposable
{
    private readonly HeadlessPlatform _platform;
    private readonly RenderThread _thread;
    private ShaderLibrary? _shaders;
    private FrameRenderer? _renderer;
    private Framebuffer? _target;
    private bool _disposed;

    public HeadlessRenderer(ViewerScene scene, string? shaderDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _platform = HeadlessPlatform.Create();
        try
        {
            _thread = new RenderThread(_platform.Platform);
            _thread.Invoke(device =>
            {
                Device = device;
                _shaders = new ShaderLibrary(device, shaderDirectory ?? ShaderLibrary.FindDirectory());
                _renderer = new FrameRenderer(device, _shaders, scene);
            });
        }
        catch
        {
            _platform.Dispose();
            throw;
        }
    }

    public GraphicsDevice Device { get; private set; } = null!;

    /// <summary>The lines the help overlay shows when a state has <see cref="ViewState.ShowHelp"/> on.</summary>
    public IReadOnlyList<string> HelpLines
    {
        get => _thread.Invoke(_ => _renderer!.HelpLines);
        set => _thread.Invoke(_ => _renderer!.HelpLines = value ?? []);
    }

    /// <summary>GL objects still alive (0 after <see cref="Dispose"/> when nothing leaked).</summary>
    public int LiveResourceCount => _thread.Invoke(d => d.LiveResourceCount);

    /// <summary>Renders one frame and returns RGBA rows top to bottom.</summary>
    public byte[] Render(ViewState state, int width, int height, RenderQuality? quality = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be 1..8192 on each side.");
        return _thread.Invoke(device =>
        {
            EnsureTarget(device, width, height);
            _renderer!.Render(state, quality ?? RenderQuality.Full, _target!.Id, width, height);
            return _target.ReadPixels();
        });
    }

    /// <summary>Renders <paramref name="frames"/> frames (glFinish each) and returns the seconds each took.</summary>
    public double[] TimeFrames(ViewState state, int width, int height, int frames, RenderQuality? quality = null, Action<int>? beforeFrame = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _thread.Invoke(device =>
        {
            EnsureTarget(device, width, height);
            var times = new double[frames];
            for (int n = 0; n < frames; n++)
            {
                beforeFrame?.Invoke(n);
                long start = Stopwatch.GetTimestamp();
                _renderer!.Render(state, quality ?? RenderQuality.Full, _target!.Id, width, height);
                device.Gl.Finish();
                times[n] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            return times;
        });
    }

    /// <summary>Compiles every program of every feature set (a broken shader fails here, not mid-session).</summary>
    public void CompileAllPrograms() => _thread.Invoke(_ => _shaders!.CompileAll());

    /// <summary>Runs <paramref name="work"/> on the render thread (for tests that inspect GL state).</summary>
    public T Invoke<T>(Func<GraphicsDevice, T> work) => _thread.Invoke(work);

    private void EnsureTarget(GraphicsDevice device, int width, int height)
    {
        if (_target is not null && _target.Width == width && _target.Height == height)
            return;
        _target?.Dispose();
        _target = device.CreateFramebuffer(width, height);
    }

    /// <summary>Releases every GL object; returns how many were still alive after (0 unless something leaked).</summary>
    public int Shutdown()
    {
        if (_disposed)
            return 0;
        int live = _thread.Invoke(device =>
        {
            _target?.Dispose();
            _renderer?.Dispose();
            _shaders?.Dispose();
            device.ProcessDeletions();
            return device.LiveResourceCount;
        });
        _disposed = true;
        _thread.Dispose();
        _platform.Dispose();
        return live;
    }

    public void Dispose() => Shutdown();
}
