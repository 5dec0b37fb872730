// Draws one frame of a scene: the 3D raymarch and/or MPR slices in their panels, orientation
// letters on each, into the default framebuffer (window) or an offscreen target (headless).
using PacsSeg.Engine.Camera;
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Scene;

namespace PacsSeg.Engine.Rendering;

/// <summary>Renderable for a scene: Create (constructor) / Update / Render / Destroy (Dispose); render thread only.</summary>
public sealed class FrameRenderer : IDisposable
{
    private readonly GraphicsDevice _device;
    private readonly VertexArray _vao;
    private readonly Texture _font;
    private Framebuffer? _lowRes;

    public FrameRenderer(GraphicsDevice device, ShaderLibrary shaders, ViewerScene scene)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        Shaders = shaders ?? throw new ArgumentNullException(nameof(shaders));
        Textures = new SceneTextures(device, scene);
        _vao = device.CreateVertexArray();
        _font = device.CreateTexture(TextureDescription.Texture2D(BitmapFont.GlyphWidth * BitmapFont.Characters.Length, BitmapFont.GlyphHeight, TextureFormat.R8, linear: false));
        _font.Upload<byte>(BitmapFont.Atlas());
    }

    public ShaderLibrary Shaders { get; }
    public SceneTextures Textures { get; }
    public float[] Background { get; set; } = [0.02f, 0.02f, 0.03f, 1f];

    /// <summary>The lines drawn at the top left when <see cref="ViewState.ShowHelp"/> is on (e.g. the input map's shortcuts).</summary>
    public IReadOnlyList<string> HelpLines { get; set; } = [];

    /// <summary>Brings textures up to date with the state (colour tables, occupancy).</summary>
    public void Update(ViewState state) => Textures.Update(state);

    /// <summary>Renders into framebuffer <paramref name="target"/> (0 = window) of the given size.</summary>
    public void Render(ViewState state, RenderQuality quality, uint target, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(quality);
        Update(state);
        var gl = _device.Gl;
        gl.BindFramebuffer(GLConst.Framebuffer, target);
        gl.Viewport(0, 0, width, height);
        gl.ClearColor(Background[0], Background[1], Background[2], 1);
        gl.Clear(GLConst.ColorBufferBit);
        gl.BindVertexArray(_vao.Id);
        if (state.Layout == ViewLayout.Grid2x2)
        {
            int hw = width / 2, hh = height / 2;
            // GL rectangles start at the bottom: axial top-left, coronal top-right, sagittal bottom-left, 3D bottom-right.
            DrawMpr(state, MprPlane.Axial, target, 0, hh, hw, height - hh);
            DrawMpr(state, MprPlane.Coronal, target, hw, hh, width - hw, height - hh);
            DrawMpr(state, MprPlane.Sagittal, target, 0, 0, hw, hh);
            Draw3D(state, quality, target, hw, 0, width - hw, hh);
        }
        else if (state.Layout == ViewLayout.Volume3D)
        {
            Draw3D(state, quality, target, 0, 0, width, height);
        }
        else
        {
            var plane = state.Layout switch
            {
                ViewLayout.Axial => MprPlane.Axial,
                ViewLayout.Coronal => MprPlane.Coronal,
                _ => MprPlane.Sagittal,
            };
            DrawMpr(state, plane, target, 0, 0, width, height);
        }
        if (state.ShowHelp && HelpLines.Count > 0)
        {
            gl.Viewport(0, 0, width, height);
            DrawHelp(width, height);
        }
        gl.BindVertexArray(0);
        gl.CheckError("frame");
    }

    /// <summary>Rectangle of <paramref name="panel"/> in a frame of <paramref name="layout"/>, in pixels from the top-left.</summary>
    public static (int X, int Y, int Width, int Height) PanelPixels(ViewLayout layout, ViewLayout panel, int width, int height)
    {
        if (layout != ViewLayout.Grid2x2)
            return (0, 0, width, height);
        int hw = width / 2, hh = height / 2;
        // Mirrors Render: GL's bottom-left rectangles seen from the top.
        return panel switch
        {
            ViewLayout.Axial => (0, 0, hw, height - hh),
            ViewLayout.Coronal => (hw, 0, width - hw, height - hh),
            ViewLayout.Sagittal => (0, height - hh, hw, hh),
            _ => (hw, height - hh, width - hw, hh),
        };
    }

    private void Draw3D(ViewState state, RenderQuality quality, uint target, int x, int y, int w, int h)
    {
        var gl = _device.Gl;
        var program = Shaders.Get(ShaderKind.Volume, state.VolumeFeatures());
        var t = Textures;
        var g = state.Scene.Intensity.Geometry;
        double minSpacing = Math.Min(g.Spacing.X, Math.Min(g.Spacing.Y, g.Spacing.Z));
        var (centre, right, up) = state.Camera.RayBasis((double)w / h);
        var forward = state.Camera.Forward;
        var (tfScale, tfBias) = t.WindowScaleBias(state.Window, state.Level);
        var (wScale, wBias) = t.WindowScaleBias(state.MprWindow, state.MprLevel);
        program.SetMatrix("uPatientToTex", t.PatientToTexture);
        program.Set("uCamCenter", (float)centre.X, (float)centre.Y, (float)centre.Z);
        program.Set("uCamRight", (float)right.X, (float)right.Y, (float)right.Z);
        program.Set("uCamUp", (float)up.X, (float)up.Y, (float)up.Z);
        program.Set("uCamForward", (float)forward.X, (float)forward.Y, (float)forward.Z);
        program.Set("uStepMm", (float)(minSpacing * state.StepVoxels * quality.StepScale));
        program.Set("uOpacityExponent", (float)(state.StepVoxels * quality.StepScale));
        Textures.CorrectOpacity(state.StepVoxels * quality.StepScale);
        program.Set("uClipMin", (float)state.ClipMin.X, (float)state.ClipMin.Y, (float)state.ClipMin.Z);
        program.Set("uClipMax", (float)state.ClipMax.X, (float)state.ClipMax.Y, (float)state.ClipMax.Z);
        program.Set("uJitterSeed", state.JitterSeed);
        program.Set("uBackground", Background[0], Background[1], Background[2], 1f);
        program.Set("uTfScaleBias", (float)tfScale, (float)tfBias);
        program.Set("uWindowScaleBias", (float)wScale, (float)wBias);
        program.Set("uVolume", 0);
        program.Set("uTransfer", 1);
        program.Set("uOccupancy", 2);
        program.Set("uLabels", 3);
        program.Set("uLabelColors", 4);
        program.Set("uUncertaintyColors", 6);
        program.Set("uGradient", 7);
        program.Set("uBlocksPerTex", (float)g.SizeX / BlockGrid.BlockSize, (float)g.SizeY / BlockGrid.BlockSize, (float)g.SizeZ / BlockGrid.BlockSize);
        program.Set("uVolumeSize", (float)g.SizeX, g.SizeY, g.SizeZ);
        program.Set("uUncertaintyThreshold", (float)state.UncertaintyThreshold);
        program.Set("uUncertaintyBlend", (float)state.UncertaintyBlend);
        BindSceneTextures(state.VolumeFeatures());
        program.Use();

        if (quality.ResolutionScale >= 0.999)
        {
            gl.Viewport(x, y, w, h);
            gl.DrawArrays(GLConst.Triangles, 0, 3);
        }
        else
        {
            int lw = Math.Max(1, (int)Math.Round(w * quality.ResolutionScale));
            int lh = Math.Max(1, (int)Math.Round(h * quality.ResolutionScale));
            if (_lowRes is null || _lowRes.Width != lw || _lowRes.Height != lh)
            {
                _lowRes?.Dispose();
                _lowRes = _device.CreateFramebuffer(lw, lh);
            }
            gl.BindFramebuffer(GLConst.Framebuffer, _lowRes.Id);
            gl.Viewport(0, 0, lw, lh);
            gl.DrawArrays(GLConst.Triangles, 0, 3);
            gl.BlitNamedFramebuffer(_lowRes.Id, target, 0, 0, lw, lh, x, y, x + w, y + h, GLConst.ColorBufferBit, GLConst.Linear);
            gl.BindFramebuffer(GLConst.Framebuffer, target);
            gl.Viewport(x, y, w, h);
        }
        DrawLabels(Orientation.ForCamera(state.Camera), w, h);
    }

    private void DrawMpr(ViewState state, MprPlane plane, uint target, int x, int y, int w, int h)
    {
        var gl = _device.Gl;
        var features = state.MprFeatures();
        var program = Shaders.Get(ShaderKind.Mpr, features);
        var t = Textures;
        var g = state.Scene.Intensity.Geometry;
        var view = state.Mpr(plane);
        double aspect = (double)w / h;
        var centre = view.PlaneCentre;
        var right = view.Right * (view.HalfHeightMm * aspect);
        var up = view.Up * view.HalfHeightMm;
        var (px, py) = view.ProjectToPixel(state.Crosshair, w, h);
        var (wScale, wBias) = t.WindowScaleBias(state.MprWindow, state.MprLevel);
        program.SetMatrix("uPatientToTex", t.PatientToTexture);
        program.Set("uPlaneCenter", (float)centre.X, (float)centre.Y, (float)centre.Z);
        program.Set("uPlaneRight", (float)right.X, (float)right.Y, (float)right.Z);
        program.Set("uPlaneUp", (float)up.X, (float)up.Y, (float)up.Z);
        program.Set("uPixelNdc", 2f / w, 2f / h);
        program.Set("uCrosshairNdc", (float)(px / w * 2 - 1), (float)(1 - py / h * 2));
        program.Set("uCrosshairColor", 1f, 0.85f, 0.2f, state.Layout == ViewLayout.Grid2x2 ? 0.8f : 0f);
        program.Set("uWindowScaleBias", (float)wScale, (float)wBias);
        program.Set("uBackground", Background[0], Background[1], Background[2], 1f);
        program.Set("uVolume", 0);
        program.Set("uLabels", 3);
        program.Set("uLabelColors", 4);
        program.Set("uUncertaintyColors", 6);
        program.Set("uVolumeSize", (float)g.SizeX, g.SizeY, g.SizeZ);
        program.Set("uLabelFillOpacity", (float)state.LabelFillOpacity);
        program.Set("uUncertaintyThreshold", (float)state.UncertaintyThreshold);
        program.Set("uUncertaintyBlend", (float)state.UncertaintyBlend);
        BindSceneTextures(features);
        program.Use();
        gl.BindFramebuffer(GLConst.Framebuffer, target);
        gl.Viewport(x, y, w, h);
        gl.DrawArrays(GLConst.Triangles, 0, 3);
        DrawLabels(view.OrientationLabels(), w, h);
    }

    private void BindSceneTextures(RenderFeatures features)
    {
        var t = Textures;
        t.Intensity.Bind(0);
        t.Transfer.Bind(1);
        t.Occupancy.Bind(2);
        if (t.Labels is not null)
            t.Labels.Bind(3);
        t.LabelColors.Bind(4);
        t.UncertaintyColors.Bind(6);
        if (features.HasFlag(RenderFeatures.Shading))
            t.Gradient.Bind(7);
    }

    /// <summary>Orientation letters at the middle of each edge of the current viewport (w x h pixels).</summary>
    private void DrawLabels((string Left, string Right, string Top, string Bottom) labels, int w, int h)
    {
        var program = Shaders.Get(ShaderKind.Text, RenderFeatures.None);
        int scale = Math.Max(1, Math.Min(w, h) / 128);
        int gw = BitmapFont.GlyphWidth * scale, gh = BitmapFont.GlyphHeight * scale, margin = 3 * scale;
        // Whole-pixel positions so each font texel covers exactly scale x scale pixels.
        (float, float) Ndc(int px, int py) => (2f * px / w - 1, 2f * py / h - 1);
        var sizeNdc = (2f * gw / w, 2f * gh / h);
        _font.Bind(0);
        program.Set("uFont", 0);
        program.Set("uGlyphCount", (float)BitmapFont.Characters.Length);
        program.Set("uColor", 1f, 0.9f, 0.3f, 1f);
        program.Use();
        Glyph(program, labels.Left, Ndc(margin, (h - gh) / 2), sizeNdc);
        Glyph(program, labels.Right, Ndc(w - margin - gw, (h - gh) / 2), sizeNdc);
        Glyph(program, labels.Top, Ndc((w - gw) / 2, h - margin - gh), sizeNdc);
        Glyph(program, labels.Bottom, Ndc((w - gw) / 2, margin), sizeNdc);
    }

    /// <summary>The help lines from the top-left corner, light text with a dark shadow so it reads on any image.</summary>
    private void DrawHelp(int w, int h)
    {
        var program = Shaders.Get(ShaderKind.Text, RenderFeatures.None);
        int scale = Math.Max(1, Math.Min(w, h) / 512);
        int gw = BitmapFont.GlyphWidth * scale, gh = BitmapFont.GlyphHeight * scale;
        int advance = gw + scale, lineHeight = gh + 3 * scale, margin = 6 * scale;
        var sizeNdc = (2f * gw / w, 2f * gh / h);
        _font.Bind(0);
        program.Set("uFont", 0);
        program.Set("uGlyphCount", (float)BitmapFont.Characters.Length);
        foreach (var (dx, dy, r, g, b) in new[] { (scale, -scale, 0f, 0f, 0f), (0, 0, 0.95f, 0.95f, 0.95f) })
        {
            program.Set("uColor", r, g, b, 1f);
            program.Use();
            for (int line = 0; line < HelpLines.Count; line++)
            {
                int y = h - margin - gh - line * lineHeight + dy;
                if (y < 0)
                    break;
                string text = HelpLines[line];
                for (int c = 0; c < text.Length; c++)
                {
                    int x = margin + c * advance + dx;
                    if (x + gw > w)
                        break;
                    Glyph(program, BitmapFont.IndexOf(text[c]), (2f * x / w - 1, 2f * y / h - 1), sizeNdc);
                }
            }
        }
    }

    private void Glyph(ShaderProgram program, string letter, (float X, float Y) origin, (float W, float H) size) =>
        Glyph(program, letter.Length == 1 ? BitmapFont.IndexOf(letter[0]) : -1, origin, size);

    private void Glyph(ShaderProgram program, int index, (float X, float Y) origin, (float W, float H) size)
    {
        if (index < 0)
            return;
        program.Set("uGlyph", (float)index);
        program.Set("uOriginNdc", origin.X, origin.Y);
        program.Set("uSizeNdc", size.W, size.H);
        _device.Gl.DrawArrays(GLConst.Triangles, 0, 6);
    }

    public void Dispose()
    {
        _lowRes?.Dispose();
        _font.Dispose();
        _vao.Dispose();
        Textures.Dispose();
    }
}
