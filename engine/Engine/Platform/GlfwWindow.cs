// The viewer window (GLFW). Created and polled on the main thread as GLFW requires; its context is
// made current on the render thread through the platform delegates.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PacsSeg.Engine.Platform;

/// <summary>A GLFW window with a GL 4.5 core context and its input, exposed as a <see cref="GraphicsPlatform"/>.</summary>
public sealed unsafe class GlfwWindow : IDisposable
{
    private nint _window;
    private GCHandle _self;
    private readonly ConcurrentQueue<int> _keys = new();
    private double _scroll;

    private GlfwWindow(nint window)
    {
        _window = window;
        _self = GCHandle.Alloc(this);
        GlfwNative.SetWindowUserPointer(window, GCHandle.ToIntPtr(_self));
        GlfwNative.SetKeyCallback(window, &OnKey);
        GlfwNative.SetScrollCallback(window, &OnScroll);
        Platform = new GraphicsPlatform(
            GlfwNative.GetProcAddress,
            current =>
            {
                GlfwNative.MakeContextCurrent(current ? _window : 0);
                if (current)
                    GlfwNative.SwapInterval(0);
            },
            () => GlfwNative.SwapBuffers(_window),
            (w, h) => GlfwNative.SetWindowSize(_window, w, h),
            () =>
            {
                GlfwNative.GetFramebufferSize(_window, out int w, out int h);
                return (w, h);
            });
    }

    public GraphicsPlatform Platform { get; }

    public bool ShouldClose => GlfwNative.WindowShouldClose(_window) != 0;

    /// <summary>Opens a window; call on the main thread.</summary>
    public static GlfwWindow Create(int width, int height, string title)
    {
        try
        {
            if (GlfwNative.Init() == 0)
                throw new PlatformException("glfwInit failed: no display? (run under xvfb-run, or use the headless 'render' command)");
        }
        catch (DllNotFoundException e)
        {
            throw new PlatformException("libglfw.so.3 is not installed (Debian package libglfw3).", e);
        }
        GlfwNative.WindowHint(GlfwNative.ContextVersionMajor, 4);
        GlfwNative.WindowHint(GlfwNative.ContextVersionMinor, 5);
        GlfwNative.WindowHint(GlfwNative.OpenGLProfile, GlfwNative.OpenGLCoreProfile);
        GlfwNative.WindowHint(GlfwNative.OpenGLForwardCompat, 1);
        nint window = GlfwNative.CreateWindow(width, height, title, 0, 0);
        if (window == 0)
        {
            GlfwNative.Terminate();
            throw new PlatformException("glfwCreateWindow failed: the display offers no OpenGL 4.5 core context.");
        }
        return new GlfwWindow(window);
    }

    public void SetTitle(string title) => GlfwNative.SetWindowTitle(_window, title);

    public void Close() => GlfwNative.SetWindowShouldClose(_window, 1);

    /// <summary>Processes window events and returns the input since the last call.</summary>
    public InputSnapshot Poll()
    {
        GlfwNative.PollEvents();
        GlfwNative.GetCursorPos(_window, out double x, out double y);
        var keys = new List<int>();
        while (_keys.TryDequeue(out int k))
            keys.Add(k);
        double scroll = _scroll;
        _scroll = 0;
        bool Key(int k) => GlfwNative.GetKey(_window, k) == GlfwNative.Press;
        return new InputSnapshot(
            x, y,
            GlfwNative.GetMouseButton(_window, 0) == GlfwNative.Press,
            GlfwNative.GetMouseButton(_window, 1) == GlfwNative.Press,
            GlfwNative.GetMouseButton(_window, 2) == GlfwNative.Press,
            Key(Keys.LeftShift) || Key(Keys.RightShift),
            Key(Keys.LeftControl) || Key(Keys.RightControl),
            scroll,
            keys);
    }

    [UnmanagedCallersOnly]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (action is GlfwNative.Press or GlfwNative.Repeat && From(window) is { } self)
            self._keys.Enqueue(key);
    }

    [UnmanagedCallersOnly]
    private static void OnScroll(nint window, double dx, double dy)
    {
        if (From(window) is { } self)
            self._scroll += dy;
    }

    private static GlfwWindow? From(nint window)
    {
        nint p = GlfwNative.GetWindowUserPointer(window);
        return p == 0 ? null : GCHandle.FromIntPtr(p).Target as GlfwWindow;
    }

    public void Dispose()
    {
        if (_window == 0)
            return;
        GlfwNative.DestroyWindow(_window);
        GlfwNative.Terminate();
        _window = 0;
        _self.Free();
    }
}
