// What the renderer needs from a window system, as four delegates: the renderer never references
// GLFW or EGL directly, so the same code draws into a window or headless.
namespace PacsSeg.Engine.Platform;

/// <summary>The small set of delegates a renderer uses to reach its context.</summary>
/// <param name="GetProcAddress">Address of a GL entry point, 0 when missing.</param>
/// <param name="MakeCurrent">Makes the context current on the calling thread (null context when false).</param>
/// <param name="Swap">Presents the back buffer (no-op headless).</param>
/// <param name="Resize">Asks for a new drawable size in pixels (window resize; headless targets are FBOs).</param>
/// <param name="DrawableSize">Current drawable size in pixels.</param>
public sealed record GraphicsPlatform(
    Func<string, nint> GetProcAddress,
    Action<bool> MakeCurrent,
    Action Swap,
    Action<int, int> Resize,
    Func<(int Width, int Height)> DrawableSize);
