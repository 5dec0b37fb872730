// Turns input into view changes: Update(dt) of the viewer loop. Knows nothing of GLFW; it reads
// InputSnapshots, so tests can drive it with made-up input.
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Platform;
using PacsSeg.Engine.Rendering;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Interaction;

/// <summary>Applies input to a <see cref="ViewState"/>; reports whether the view changed and whether it is moving.</summary>
public sealed class ViewerController
{
    private readonly InputMap _map;
    private double _lastX, _lastY;
    private bool _hadPointer;
    private double _sinceMotion = double.PositiveInfinity;
    private ViewLayout _dragPanel = ViewLayout.Volume3D;
    private bool _dragging;

    public ViewerController(ViewState state, InputMap? map = null)
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        _map = map ?? InputMap.Default();
    }

    public ViewState State { get; }

    /// <summary>Seconds the camera must rest before full quality is drawn.</summary>
    public double SettleSeconds { get; set; } = 0.2;

    /// <summary>True while the view moves or just moved (draw progressive quality).</summary>
    public bool Moving => _sinceMotion < SettleSeconds;

    /// <summary>Applies one frame of input; returns the actions it could not handle itself (quit, help, reload) and whether anything changed.</summary>
    public (bool Changed, IReadOnlyList<InputAction> Requests) Update(double dt, InputSnapshot input, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool wasMoving = Moving;
        bool changed = false;
        var requests = new List<InputAction>();
        foreach (int key in input.KeysPressed)
        {
            if (_map.ActionFor(key) is { } action)
            {
                if (Apply(action, PanelAt(input.MouseX, input.MouseY, width, height)))
                    changed = true;
                else
                    requests.Add(action);
            }
        }

        double dx = _hadPointer ? input.MouseX - _lastX : 0;
        double dy = _hadPointer ? input.MouseY - _lastY : 0;
        (_lastX, _lastY, _hadPointer) = (input.MouseX, input.MouseY, true);
        bool anyButton = input.LeftButton || input.RightButton || input.MiddleButton;
        if (anyButton && !_dragging)
            _dragPanel = PanelAt(input.MouseX, input.MouseY, width, height);
        _dragging = anyButton;
        bool motion = false;
        var panel = _dragging ? _dragPanel : PanelAt(input.MouseX, input.MouseY, width, height);
        var rect = FrameRenderer.PanelPixels(State.Layout, panel, width, height);
        var cam = State.Camera;
        double mmPerPixel = 2 * cam.HalfHeightMm / Math.Max(rect.Height, 1);
        if ((dx != 0 || dy != 0) && anyButton)
        {
            if (input.LeftButton && input.Shift)
            {
                bool mpr = panel != ViewLayout.Volume3D;
                double w = mpr ? State.MprWindow : State.Window;
                double step = Math.Max(w, 1) / 300;
                if (mpr)
                {
                    State.MprWindow = Math.Max(1, State.MprWindow + dx * step);
                    State.MprLevel -= dy * step;
                }
                else
                {
                    State.Window = Math.Max(1e-3, State.Window + dx * step);
                    State.Level -= dy * step;
                }
            }
            else if (input.LeftButton && panel == ViewLayout.Volume3D)
            {
                cam.Orbit(-dx * 0.01, -dy * 0.01);
            }
            else if (input.LeftButton)
            {
                MoveCrosshair(panel, input.MouseX, input.MouseY, width, height);
            }
            else if (input.MiddleButton)
            {
                cam.Pan(-dx * mmPerPixel, dy * mmPerPixel);
            }
            else if (input.RightButton)
            {
                cam.Zoom(Math.Exp(dy * 0.01));
            }
            motion = true;
        }
        if (input.Scroll != 0)
        {
            if (panel == ViewLayout.Volume3D)
                cam.Zoom(Math.Exp(-input.Scroll * 0.1));
            else
                Scroll(panel, input.Scroll);
            motion = true;
        }
        _sinceMotion = motion ? 0 : _sinceMotion + dt;
        // Leaving the moving state needs one more frame at full quality.
        return (changed || motion || (wasMoving && !Moving), requests);
    }

    /// <summary>Which panel is under a pixel (x right, y down).</summary>
    public ViewLayout PanelAt(double x, double y, int width, int height)
    {
        if (State.Layout != ViewLayout.Grid2x2)
            return State.Layout;
        foreach (var p in new[] { ViewLayout.Axial, ViewLayout.Coronal, ViewLayout.Sagittal, ViewLayout.Volume3D })
        {
            var r = FrameRenderer.PanelPixels(ViewLayout.Grid2x2, p, width, height);
            if (x >= r.X && x < r.X + r.Width && y >= r.Y && y < r.Y + r.Height)
                return p;
        }
        return ViewLayout.Volume3D;
    }

    private bool Apply(InputAction action, ViewLayout panel)
    {
        var s = State;
        switch (action)
        {
            case InputAction.ResetView:
                s.Camera = OrbitCamera.Fit(s.Scene.Intensity.Geometry, ViewDirection.Anterior);
                s.Crosshair = s.Camera.Target;
                s.ApplyPreset(s.Preset);
                s.ClipMin = Vec3.Zero;
                s.ClipMax = new Vec3(1, 1, 1);
                return true;
            case InputAction.ToggleLayout:
                s.Layout = s.Layout == ViewLayout.Grid2x2 ? ViewLayout.Volume3D : ViewLayout.Grid2x2;
                return true;
            case InputAction.ToggleMip: s.Mip = !s.Mip; return true;
            case InputAction.ToggleLabels: s.ShowLabels = !s.ShowLabels; return true;
            case InputAction.ToggleOutline: s.LabelOutline = !s.LabelOutline; return true;
            case InputAction.ToggleUncertainty: s.ShowUncertainty = !s.ShowUncertainty; return true;
            case InputAction.ToggleShading: s.Shading = !s.Shading; return true;
            case InputAction.ToggleSkipping: s.EmptySpaceSkipping = !s.EmptySpaceSkipping; return true;
            case InputAction.NextPreset:
                var all = TransferFunctionPreset.All;
                s.ApplyPreset(all[(all.ToList().IndexOf(s.Preset) + 1) % all.Count]);
                return true;
            case InputAction.ViewAnterior: s.Camera.SetView(ViewDirection.Anterior); return true;
            case InputAction.ViewPosterior: s.Camera.SetView(ViewDirection.Posterior); return true;
            case InputAction.ViewLeft: s.Camera.SetView(ViewDirection.Left); return true;
            case InputAction.ViewRight: s.Camera.SetView(ViewDirection.Right); return true;
            case InputAction.ViewSuperior: s.Camera.SetView(ViewDirection.Superior); return true;
            case InputAction.ViewInferior: s.Camera.SetView(ViewDirection.Inferior); return true;
            case InputAction.SliceUp: Scroll(panel == ViewLayout.Volume3D ? ViewLayout.Axial : panel, 1); return true;
            case InputAction.SliceDown: Scroll(panel == ViewLayout.Volume3D ? ViewLayout.Axial : panel, -1); return true;
            case InputAction.ClipShrink:
            case InputAction.ClipGrow:
                double d = action == InputAction.ClipShrink ? 0.05 : -0.05;
                double lo = Math.Clamp(s.ClipMin.X + d, 0, 0.45);
                s.ClipMin = new Vec3(lo, lo, lo);
                s.ClipMax = new Vec3(1 - lo, 1 - lo, 1 - lo);
                return true;
            case InputAction.UncertaintyThresholdUp: s.UncertaintyThreshold = Math.Min(0.95, s.UncertaintyThreshold + 0.05); return true;
            case InputAction.UncertaintyThresholdDown: s.UncertaintyThreshold = Math.Max(0, s.UncertaintyThreshold - 0.05); return true;
            default:
                return false;
        }
    }

    private void Scroll(ViewLayout panel, double amount)
    {
        var plane = panel switch
        {
            ViewLayout.Coronal => MprPlane.Coronal,
            ViewLayout.Sagittal => MprPlane.Sagittal,
            _ => MprPlane.Axial,
        };
        var g = State.Scene.Intensity.Geometry;
        double step = Math.Min(g.Spacing.X, Math.Min(g.Spacing.Y, g.Spacing.Z));
        State.Crosshair += State.Mpr(plane).Normal * (amount * step);
    }

    private void MoveCrosshair(ViewLayout panel, double x, double y, int width, int height)
    {
        var plane = panel switch
        {
            ViewLayout.Coronal => MprPlane.Coronal,
            ViewLayout.Sagittal => MprPlane.Sagittal,
            _ => MprPlane.Axial,
        };
        var r = FrameRenderer.PanelPixels(State.Layout, panel, width, height);
        var view = State.Mpr(plane);
        double aspect = (double)r.Width / r.Height;
        double nx = (x - r.X) / r.Width * 2 - 1;
        double ny = 1 - (y - r.Y) / r.Height * 2;
        State.Crosshair = view.PlaneCentre + view.Right * (nx * view.HalfHeightMm * aspect) + view.Up * (ny * view.HalfHeightMm);
    }
}
