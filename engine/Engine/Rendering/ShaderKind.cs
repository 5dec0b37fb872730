namespace PacsSeg.Engine.Rendering;

/// <summary>The shader programs of the engine.</summary>
public enum ShaderKind
{
    /// <summary>3D raymarching (fullscreen.vert + volume.frag).</summary>
    Volume,
    /// <summary>MPR slice (fullscreen.vert + mpr.frag).</summary>
    Mpr,
    /// <summary>Overlay glyphs (text.vert + text.frag).</summary>
    Text,
}
