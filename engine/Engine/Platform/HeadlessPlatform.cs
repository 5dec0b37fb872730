// A GL 4.5 core context with no window and no X server: EGL on Mesa's surfaceless platform.
// Rendering goes into framebuffer objects and is read back with glReadPixels.
namespace PacsSeg.Engine.Platform;

/// <summary>Owns an EGL display and context; <see cref="Platform"/> exposes them as delegates.</summary>
public sealed unsafe class HeadlessPlatform : IDisposable
{
    private nint _display;
    private nint _context;

    private HeadlessPlatform(nint display, nint context)
    {
        _display = display;
        _context = context;
        Platform = new GraphicsPlatform(
            EglNative.GetProcAddress,
            current =>
            {
                uint ok = current
                    ? EglNative.MakeCurrent(_display, 0, 0, _context)
                    : EglNative.MakeCurrent(_display, 0, 0, 0);
                if (ok == 0)
                    throw new PlatformException($"eglMakeCurrent failed (EGL error 0x{EglNative.GetError():X4}).");
            },
            () => { },
            (_, _) => { },
            () => (0, 0));
    }

    public GraphicsPlatform Platform { get; }

    /// <summary>Creates the context; it is not current on any thread until <c>MakeCurrent(true)</c>.</summary>
    public static HeadlessPlatform Create()
    {
        nint display;
        try
        {
            nint getPlatformDisplay = EglNative.GetProcAddress("eglGetPlatformDisplayEXT");
            if (getPlatformDisplay == 0)
                throw new PlatformException("EGL has no eglGetPlatformDisplayEXT; install libegl1 and libegl-mesa0.");
            display = ((delegate* unmanaged<int, nint, nint*, nint>)getPlatformDisplay)(EglNative.PlatformSurfacelessMesa, 0, null);
        }
        catch (DllNotFoundException e)
        {
            throw new PlatformException("libEGL.so.1 is not installed (Debian packages libegl1 libegl-mesa0 libgl1-mesa-dri).", e);
        }
        if (display == 0)
            throw new PlatformException("No surfaceless EGL display (Mesa's EGL_MESA_platform_surfaceless is needed).");
        if (EglNative.Initialize(display, out _, out _) == 0)
            throw new PlatformException($"eglInitialize failed (EGL error 0x{EglNative.GetError():X4}).");
        if (EglNative.BindApi(EglNative.OpenGLApi) == 0)
        {
            EglNative.Terminate(display);
            throw new PlatformException("eglBindAPI(EGL_OPENGL_API) failed.");
        }
        ReadOnlySpan<int> attributes =
        [
            EglNative.ContextMajorVersion, 4,
            EglNative.ContextMinorVersion, 5,
            EglNative.ContextOpenGLProfileMask, EglNative.ContextOpenGLCoreProfileBit,
            EglNative.None,
        ];
        // EGL_NO_CONFIG_KHR: surfaceless contexts need no config, and eglChooseConfig finds none here.
        nint context = EglNative.CreateContext(display, 0, 0, attributes);
        if (context == 0)
        {
            int error = EglNative.GetError();
            EglNative.Terminate(display);
            throw new PlatformException($"eglCreateContext for OpenGL 4.5 core failed (EGL error 0x{error:X4}).");
        }
        return new HeadlessPlatform(display, context);
    }

    public void Dispose()
    {
        if (_display == 0)
            return;
        EglNative.MakeCurrent(_display, 0, 0, 0);
        EglNative.DestroyContext(_display, _context);
        EglNative.Terminate(_display);
        _display = 0;
        _context = 0;
    }
}
