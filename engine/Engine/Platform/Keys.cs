namespace PacsSeg.Engine.Platform;

/// <summary>GLFW key codes the viewer maps to actions (printable keys are their ASCII upper case).</summary>
public static class Keys
{
    public const int Space = 32;
    public const int Escape = 256;
    public const int Tab = 258;
    public const int Right = 262;
    public const int Left = 263;
    public const int Down = 264;
    public const int Up = 265;
    public const int PageUp = 266;
    public const int PageDown = 267;
    public const int F1 = 290;
    public const int F5 = 294;
    public const int LeftShift = 340;
    public const int LeftControl = 341;
    public const int RightShift = 344;
    public const int RightControl = 345;
}
