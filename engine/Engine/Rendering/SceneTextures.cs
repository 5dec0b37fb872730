// The GPU copy of a scene: intensity (R16, normalized to the data range), labels (R8UI),
// uncertainty (R8), gradients (RGBA8, built on first use), colour tables and the occupancy grid.
using PacsSeg.Engine.Graphics;
using PacsSeg.Engine.Scene;
using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Engine.Rendering;

/// <summary>Textures of one scene; created and used on the render thread.</summary>
public sealed class SceneTextures : IDisposable
{
    private readonly GraphicsDevice _device;
    private readonly ushort[] _normalized;
    private readonly BlockGrid _blocks;
    private Texture? _gradient;
    private string _occupancyKey = string.Empty;
    private string _transferKey = string.Empty;
    private int _labelVersion = -1;
    private byte[] _transferTable = [];
    private byte[] _labelTable = new byte[256 * 4];
    private double _exponent = 1;
    private string _uploadedKey = string.Empty;

    public SceneTextures(GraphicsDevice device, ViewerScene scene)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        Scene = scene ?? throw new ArgumentNullException(nameof(scene));
        var g = scene.Intensity.Geometry;
        double lo = scene.IntensityMin, range = scene.IntensityMax - scene.IntensityMin;
        _normalized = new ushort[scene.Intensity.Voxels.Length];
        var src = scene.Intensity.Voxels;
        Parallel.For(0, g.SizeZ, k =>
        {
            int plane = g.SizeX * g.SizeY;
            for (int n = k * plane; n < (k + 1) * plane; n++)
                _normalized[n] = (ushort)Math.Clamp(Math.Round((src[n] - lo) / range * 65535), 0, 65535);
        });
        byte[]? u8 = null;
        if (scene.Uncertainty is null)
        {
            Intensity = device.CreateTexture(TextureDescription.Texture3D(g.SizeX, g.SizeY, g.SizeZ, TextureFormat.R16, linear: true));
            Intensity.Upload<ushort>(_normalized);
        }
        else
        {
            // Uncertainty rides in the second channel: the raymarcher gets both with one filtered fetch.
            var u = scene.Uncertainty.Voxels;
            u8 = new byte[u.Length];
            var packed = new ushort[u.Length * 2];
            for (int n = 0; n < u.Length; n++)
            {
                double x = Math.Clamp(u[n], 0, 1);
                u8[n] = (byte)Math.Round(x * 255);
                packed[2 * n] = _normalized[n];
                packed[2 * n + 1] = (ushort)Math.Round(x * 65535);
            }
            Intensity = device.CreateTexture(TextureDescription.Texture3D(g.SizeX, g.SizeY, g.SizeZ, TextureFormat.Rg16, linear: true));
            Intensity.Upload<ushort>(packed);
        }
        if (scene.Labels is not null)
        {
            Labels = device.CreateTexture(TextureDescription.Texture3D(g.SizeX, g.SizeY, g.SizeZ, TextureFormat.R8UI, linear: false));
            Labels.Upload<byte>(scene.Labels.Voxels);
        }
        _blocks = new BlockGrid(scene, _normalized, u8);
        Occupancy = device.CreateTexture(TextureDescription.Texture3D(_blocks.CountX, _blocks.CountY, _blocks.CountZ, TextureFormat.R8, linear: false));
        Transfer = device.CreateTexture(TextureDescription.Texture2D(256, 1, TextureFormat.Rgba8, linear: true));
        LabelColors = device.CreateTexture(TextureDescription.Texture2D(256, 1, TextureFormat.Rgba8, linear: false));
        UncertaintyColors = device.CreateTexture(TextureDescription.Texture2D(256, 1, TextureFormat.Rgba8, linear: true));
        UncertaintyColors.Upload<byte>(UncertaintyColormap());
        PatientToTexture = BuildPatientToTexture(g);
    }

    public ViewerScene Scene { get; }
    /// <summary>Intensity in red; uncertainty (when the scene has it) in green.</summary>
    public Texture Intensity { get; }
    public Texture? Labels { get; }
    public Texture Occupancy { get; }
    public Texture Transfer { get; }
    public Texture LabelColors { get; }
    public Texture UncertaintyColors { get; }
    public int BlocksX => _blocks.CountX;
    public int BlocksY => _blocks.CountY;
    public int BlocksZ => _blocks.CountZ;

    /// <summary>Patient LPS (mm) to texture coordinates, column-major 4x4: goes through the grid's geometry.</summary>
    public float[] PatientToTexture { get; }

    /// <summary>Gradient volume for shading, computed on first use (it costs a pass over the voxels).</summary>
    public Texture Gradient => _gradient ??= BuildGradient();

    /// <summary>Transfer coordinate = normalized intensity * scale + bias, for a window in data units.</summary>
    public (double Scale, double Bias) WindowScaleBias(double window, double level)
    {
        double w = Math.Max(window, 1e-6);
        double range = Scene.IntensityMax - Scene.IntensityMin;
        return (range / w, (Scene.IntensityMin - (level - w / 2)) / w);
    }

    /// <summary>Brings colour tables and occupancy up to date with <paramref name="state"/>.</summary>
    public void Update(ViewState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Preset.Name != _transferKey)
        {
            _transferTable = state.Preset.Bake();
            _transferKey = state.Preset.Name;
        }
        if (state.LabelVersion != _labelVersion)
        {
            var table = new byte[256 * 4];
            foreach (var l in state.Labels)
            {
                table[l.Value * 4 + 0] = (byte)Math.Clamp(l.R * 255, 0, 255);
                table[l.Value * 4 + 1] = (byte)Math.Clamp(l.G * 255, 0, 255);
                table[l.Value * 4 + 2] = (byte)Math.Clamp(l.B * 255, 0, 255);
                table[l.Value * 4 + 3] = l.Visible ? (byte)Math.Clamp(l.Opacity * 255, 1, 255) : (byte)0;
            }
            _labelTable = table;
            _labelVersion = state.LabelVersion;
        }
        CorrectOpacity(_exponent);
        var f = state.VolumeFeatures();
        bool labels = f.HasFlag(RenderFeatures.Labels);
        bool uncertainty = f.HasFlag(RenderFeatures.Uncertainty);
        var (scale, bias) = WindowScaleBias(state.Window, state.Level);
        string key = FormattableString.Invariant($"{_transferKey}|{scale:R}|{bias:R}|{labels}|{uncertainty}|{state.UncertaintyThreshold:R}|{_labelVersion}");
        if (key != _occupancyKey)
        {
            var alpha = new byte[256];
            for (int n = 0; n < 256; n++)
                alpha[n] = _transferTable[n * 4 + 3];
            bool[]? visible = null;
            if (labels)
            {
                visible = new bool[256];
                foreach (var l in state.Labels)
                    visible[l.Value] = l.Visible && l.Opacity > 0;
            }
            Occupancy.Upload<byte>(_blocks.Occupancy(alpha, scale, bias, visible, uncertainty ? state.UncertaintyThreshold : null));
            _occupancyKey = key;
        }
    }

    /// <summary>
    /// Uploads the transfer and label tables with opacities corrected for a sample step of
    /// <paramref name="exponent"/> reference steps (1 - (1 - a)^exponent), so the shader does no pow per sample.
    /// Correction is monotonic, so max() of corrected opacities equals the corrected max.
    /// </summary>
    public void CorrectOpacity(double exponent)
    {
        string key = FormattableString.Invariant($"{_transferKey}|{_labelVersion}|{exponent:R}");
        if (key == _uploadedKey)
            return;
        _exponent = exponent;
        Transfer.Upload<byte>(Corrected(_transferTable));
        LabelColors.Upload<byte>(Corrected(_labelTable));
        _uploadedKey = key;
    }

    private byte[] Corrected(byte[] table)
    {
        var result = (byte[])table.Clone();
        for (int n = 3; n < result.Length; n += 4)
        {
            if (table[n] == 0)
                continue;
            double a = Math.Min(table[n] / 255.0, 0.999);
            // Keep every visible entry visible: occupancy was computed from alpha > 0.
            result[n] = (byte)Math.Clamp(Math.Round((1 - Math.Pow(1 - a, _exponent)) * 255), 1, 255);
        }
        return result;
    }

    private static float[] BuildPatientToTexture(VolumeGeometry g)
    {
        // Affine map: texture = ((PatientToIndex(p)) + 0.5) / size; read off its columns.
        Vec3 T(Vec3 p)
        {
            var idx = g.PatientToIndex(p);
            return new Vec3((idx.X + 0.5) / g.SizeX, (idx.Y + 0.5) / g.SizeY, (idx.Z + 0.5) / g.SizeZ);
        }
        var t0 = T(Vec3.Zero);
        var cx = T(Vec3.UnitX) - t0;
        var cy = T(Vec3.UnitY) - t0;
        var cz = T(Vec3.UnitZ) - t0;
        return
        [
            (float)cx.X, (float)cx.Y, (float)cx.Z, 0,
            (float)cy.X, (float)cy.Y, (float)cy.Z, 0,
            (float)cz.X, (float)cz.Y, (float)cz.Z, 0,
            (float)t0.X, (float)t0.Y, (float)t0.Z, 1,
        ];
    }

    private Texture BuildGradient()
    {
        var g = Scene.Intensity.Geometry;
        // Index-space central differences -> patient-space gradient through the inverse transpose of the grid's Jacobian.
        var o = g.IndexToPatient(0, 0, 0);
        var jac = Mat3.FromColumns(g.IndexToPatient(1, 0, 0) - o, g.IndexToPatient(0, 1, 0) - o, g.IndexToPatient(0, 0, 1) - o);
        var invT = jac.Inverse().Transpose();
        double minSpacing = Math.Min(g.Spacing.X, Math.Min(g.Spacing.Y, g.Spacing.Z));
        var data = new byte[g.VoxelCount * 4];
        int sx = g.SizeX, sy = g.SizeY, sz = g.SizeZ;
        Parallel.For(0, sz, k =>
        {
            for (int j = 0; j < sy; j++)
            for (int i = 0; i < sx; i++)
            {
                double V(int x, int y, int z) => _normalized[(Math.Clamp(z, 0, sz - 1) * sy + Math.Clamp(y, 0, sy - 1)) * sx + Math.Clamp(x, 0, sx - 1)] / 65535.0;
                var gi = new Vec3(V(i + 1, j, k) - V(i - 1, j, k), V(i, j + 1, k) - V(i, j - 1, k), V(i, j, k + 1) - V(i, j, k - 1)) * 0.5;
                var gp = invT * gi;
                double mag = gp.Length;
                var n = mag > 0 ? gp / mag : Vec3.Zero;
                long at = ((long)(k * sy + j) * sx + i) * 4;
                data[at + 0] = (byte)Math.Clamp(Math.Round((n.X * 0.5 + 0.5) * 255), 0, 255);
                data[at + 1] = (byte)Math.Clamp(Math.Round((n.Y * 0.5 + 0.5) * 255), 0, 255);
                data[at + 2] = (byte)Math.Clamp(Math.Round((n.Z * 0.5 + 0.5) * 255), 0, 255);
                data[at + 3] = (byte)Math.Clamp(Math.Round(mag * minSpacing * 8 * 255), 0, 255);
            }
        });
        var tex = _device.CreateTexture(TextureDescription.Texture3D(sx, sy, sz, TextureFormat.Rgba8, linear: true));
        tex.Upload<byte>(data);
        return tex;
    }

    /// <summary>Purple to orange to yellow: apart from the label palette's red, green and blue.</summary>
    private static byte[] UncertaintyColormap()
    {
        var table = new byte[256 * 4];
        for (int n = 0; n < 256; n++)
        {
            double x = n / 255.0;
            double r = Math.Clamp(0.55 + 0.45 * x * 1.6, 0, 1);
            double g = Math.Clamp(x * x * 1.05, 0, 1);
            double b = Math.Clamp(0.85 - 0.85 * x, 0, 1);
            table[n * 4 + 0] = (byte)(r * 255);
            table[n * 4 + 1] = (byte)(g * 255);
            table[n * 4 + 2] = (byte)(b * 255);
            table[n * 4 + 3] = 255;
        }
        return table;
    }

    public void Dispose()
    {
        Intensity.Dispose();
        Labels?.Dispose();
        Occupancy.Dispose();
        Transfer.Dispose();
        LabelColors.Dispose();
        UncertaintyColors.Dispose();
        _gradient?.Dispose();
    }
}
