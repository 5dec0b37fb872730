// Keys and mouse gestures mapped to actions; the same table prints the help text.
using PacsSeg.Engine.Platform;

namespace PacsSeg.Engine.Interaction;

/// <summary>Key bindings of the viewer.</summary>
public sealed class InputMap
{
    private readonly Dictionary<int, InputAction> _keys = new();
    private readonly List<(string Key, string What)> _help = [];

    public static InputMap Default()
    {
        var m = new InputMap();
        m.Bind(Keys.Escape, "Esc", InputAction.Quit, "quit");
        m.Bind('H', "H / F1", InputAction.Help, "show / hide this help");
        m.Bind(Keys.F1, null, InputAction.Help, null);
        m.Bind('R', "R", InputAction.ResetView, "reset camera, window/level and clip box");
        m.Bind(Keys.Tab, "Tab", InputAction.ToggleLayout, "layout: 3D / 2x2 (axial, coronal, sagittal, 3D)");
        m.Bind('M', "M", InputAction.ToggleMip, "MIP on/off");
        m.Bind('L', "L", InputAction.ToggleLabels, "segmentation labels on/off");
        m.Bind('O', "O", InputAction.ToggleOutline, "labels filled / outline");
        m.Bind('U', "U", InputAction.ToggleUncertainty, "uncertainty overlay on/off");
        m.Bind('G', "G", InputAction.ToggleShading, "gradient shading on/off");
        m.Bind('E', "E", InputAction.ToggleSkipping, "empty-space skipping on/off");
        m.Bind('P', "P", InputAction.NextPreset, "next transfer-function preset");
        m.Bind('1', "1..6", InputAction.ViewAnterior, "view from anterior, posterior, left, right, superior, inferior");
        m.Bind('2', null, InputAction.ViewPosterior, null);
        m.Bind('3', null, InputAction.ViewLeft, null);
        m.Bind('4', null, InputAction.ViewRight, null);
        m.Bind('5', null, InputAction.ViewSuperior, null);
        m.Bind('6', null, InputAction.ViewInferior, null);
        m.Bind(Keys.PageUp, "PgUp/PgDn", InputAction.SliceUp, "move the crosshair (slices) along the hovered view's normal");
        m.Bind(Keys.PageDown, null, InputAction.SliceDown, null);
        m.Bind('[', "[ / ]", InputAction.ClipShrink, "shrink / grow the clip box");
        m.Bind(']', null, InputAction.ClipGrow, null);
        m.Bind(Keys.Up, "Up/Down", InputAction.UncertaintyThresholdUp, "uncertainty threshold up / down");
        m.Bind(Keys.Down, null, InputAction.UncertaintyThresholdDown, null);
        m.Bind(Keys.F5, "F5", InputAction.ReloadShaders, "reload shaders now (they also reload when a file changes)");
        m._help.Add(("left drag", "orbit (3D) / move crosshair (MPR)"));
        m._help.Add(("middle drag", "pan"));
        m._help.Add(("right drag / wheel", "zoom (3D) / wheel scrolls slices (MPR)"));
        m._help.Add(("shift + left drag", "window (horizontal) / level (vertical)"));
        return m;
    }

    public void Bind(int key, string? keyName, InputAction action, string? description)
    {
        _keys[key] = action;
        if (keyName is not null && description is not null)
            _help.Add((keyName, description));
    }

    public InputAction? ActionFor(int key) => _keys.TryGetValue(key, out var a) ? a : null;

    public IReadOnlyList<(string Key, string What)> Help => _help;
}
