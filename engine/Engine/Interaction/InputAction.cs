namespace PacsSeg.Engine.Interaction;

/// <summary>What a key does in the viewer.</summary>
public enum InputAction
{
    Quit,
    Help,
    ResetView,
    ToggleLayout,
    ToggleMip,
    ToggleLabels,
    ToggleOutline,
    ToggleUncertainty,
    ToggleShading,
    ToggleSkipping,
    NextPreset,
    ViewAnterior,
    ViewPosterior,
    ViewLeft,
    ViewRight,
    ViewSuperior,
    ViewInferior,
    SliceUp,
    SliceDown,
    ClipShrink,
    ClipGrow,
    UncertaintyThresholdUp,
    UncertaintyThresholdDown,
    ReloadShaders,
}
