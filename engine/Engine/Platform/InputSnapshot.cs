namespace PacsSeg.Engine.Platform;

/// <summary>Input gathered by one Poll: pointer state now, plus the keys and scroll since the last Poll.</summary>
public sealed record InputSnapshot(
    double MouseX,
    double MouseY,
    bool LeftButton,
    bool RightButton,
    bool MiddleButton,
    bool Shift,
    bool Control,
    double Scroll,
    IReadOnlyList<int> KeysPressed);
