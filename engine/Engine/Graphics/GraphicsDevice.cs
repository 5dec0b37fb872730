// Creates GL objects from descriptions and keeps count of the live ones. Lives on the render thread;
// a resource disposed on another thread is queued and deleted at the next ProcessDeletions.
using System.Collections.Concurrent;

namespace PacsSeg.Engine.Graphics;

/// <summary>Factory and owner of every GL object of one context.</summary>
public sealed class GraphicsDevice
{
    private readonly int _threadId;
    private readonly HashSet<GraphicsResource> _live = [];
    private readonly ConcurrentQueue<GraphicsResource> _pendingDeletes = new();

    /// <summary>Creates the device on the calling thread, which must own the current context.</summary>
    public GraphicsDevice(GL gl)
    {
        Gl = gl ?? throw new ArgumentNullException(nameof(gl));
        _threadId = Environment.CurrentManagedThreadId;
        Renderer = gl.GetString(GLConst.Renderer);
        Version = gl.GetString(GLConst.Version);
    }

    public GL Gl { get; }
    public string Renderer { get; }
    public string Version { get; }

    /// <summary>Number of GL objects created and not yet deleted.</summary>
    public int LiveResourceCount
    {
        get
        {
            lock (_live)
                return _live.Count;
        }
    }

    public IReadOnlyDictionary<string, int> LiveResourcesByType()
    {
        lock (_live)
            return _live.GroupBy(r => r.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
    }

    public bool IsRenderThread => Environment.CurrentManagedThreadId == _threadId;

    public Texture CreateTexture(TextureDescription d)
    {
        ArgumentNullException.ThrowIfNull(d);
        AssertRenderThread();
        if (d.Width <= 0 || d.Height <= 0 || d.Depth <= 0)
            throw new ArgumentException($"Texture size must be positive, got {d.Width}x{d.Height}x{d.Depth}.");
        uint id = Gl.CreateTexture(d.Is3D ? GLConst.Texture3D : GLConst.Texture2D);
        uint internalFormat = d.Format switch
        {
            TextureFormat.R8 => GLConst.R8,
            TextureFormat.R16 => GLConst.R16,
            TextureFormat.Rg16 => GLConst.Rg16,
            TextureFormat.R8UI => GLConst.R8UI,
            _ => GLConst.Rgba8,
        };
        if (d.Is3D)
            Gl.TextureStorage3D(id, 1, internalFormat, d.Width, d.Height, d.Depth);
        else
            Gl.TextureStorage2D(id, 1, internalFormat, d.Width, d.Height);
        // Integer textures cannot be filtered; labels are always nearest.
        int filter = d.Linear && d.Format != TextureFormat.R8UI ? GLConst.Linear : GLConst.Nearest;
        Gl.TextureParameter(id, GLConst.TextureMinFilter, filter);
        Gl.TextureParameter(id, GLConst.TextureMagFilter, filter);
        Gl.TextureParameter(id, GLConst.TextureWrapS, GLConst.ClampToEdge);
        Gl.TextureParameter(id, GLConst.TextureWrapT, GLConst.ClampToEdge);
        Gl.TextureParameter(id, GLConst.TextureWrapR, GLConst.ClampToEdge);
        Gl.CheckError("create texture");
        return Track(new Texture(this, id, d));
    }

    public Framebuffer CreateFramebuffer(int width, int height)
    {
        AssertRenderThread();
        var color = CreateTexture(TextureDescription.Texture2D(width, height, TextureFormat.Rgba8, linear: true));
        uint id = Gl.CreateFramebuffer();
        Gl.NamedFramebufferTexture(id, GLConst.ColorAttachment0, color.Id);
        uint status = Gl.CheckNamedFramebufferStatus(id, GLConst.Framebuffer);
        if (status != GLConst.FramebufferComplete)
        {
            Gl.DeleteFramebuffer(id);
            color.Dispose();
            ProcessDeletions();
            throw new GraphicsException($"Framebuffer {width}x{height} is incomplete (status 0x{status:X4}).");
        }
        return Track(new Framebuffer(this, id, color));
    }

    /// <summary>Compiles and links; throws <see cref="ShaderCompileException"/> with the driver's log on failure.</summary>
    public ShaderProgram CreateProgram(ShaderProgramDescription d)
    {
        ArgumentNullException.ThrowIfNull(d);
        AssertRenderThread();
        string header = "#version 450 core\n" + string.Concat(d.Defines.Select(x => $"#define {x}\n")) + "#line 1\n";
        uint vs = Compile(GLConst.VertexShader, header + d.VertexSource, d);
        uint fs;
        try
        {
            fs = Compile(GLConst.FragmentShader, header + d.FragmentSource, d);
        }
        catch
        {
            Gl.DeleteShader(vs);
            throw;
        }
        uint program = Gl.CreateProgram();
        Gl.AttachShader(program, vs);
        Gl.AttachShader(program, fs);
        Gl.LinkProgram(program);
        Gl.DetachShader(program, vs);
        Gl.DetachShader(program, fs);
        Gl.DeleteShader(vs);
        Gl.DeleteShader(fs);
        if (Gl.GetProgram(program, GLConst.LinkStatus) == 0)
        {
            string log = Gl.GetProgramInfoLog(program);
            Gl.DeleteProgram(program);
            throw new ShaderCompileException(d.Name, d.DefineList, log);
        }
        return Track(new ShaderProgram(this, program, d));
    }

    public VertexArray CreateVertexArray()
    {
        AssertRenderThread();
        return Track(new VertexArray(this, Gl.CreateVertexArray()));
    }

    /// <summary>Deletes the resources disposed since the last call (on any thread). Render thread only.</summary>
    public void ProcessDeletions()
    {
        AssertRenderThread();
        while (_pendingDeletes.TryDequeue(out var r))
            DeleteNow(r);
    }

    internal void Release(GraphicsResource resource)
    {
        if (IsRenderThread)
            DeleteNow(resource);
        else
            _pendingDeletes.Enqueue(resource);
    }

    private void DeleteNow(GraphicsResource r)
    {
        r.DeleteNow(Gl);
        lock (_live)
            _live.Remove(r);
    }

    private T Track<T>(T resource) where T : GraphicsResource
    {
        lock (_live)
            _live.Add(resource);
        return resource;
    }

    private uint Compile(uint type, string source, ShaderProgramDescription d)
    {
        uint shader = Gl.CreateShader(type);
        Gl.ShaderSource(shader, source);
        Gl.CompileShader(shader);
        if (Gl.GetShader(shader, GLConst.CompileStatus) == 0)
        {
            string log = Gl.GetShaderInfoLog(shader);
            Gl.DeleteShader(shader);
            string stage = type == GLConst.VertexShader ? "vertex" : "fragment";
            throw new ShaderCompileException(d.Name, d.DefineList, $"{stage} stage: {log}");
        }
        return shader;
    }

    private void AssertRenderThread()
    {
        if (!IsRenderThread)
            throw new InvalidOperationException("GL resources are created on the render thread only.");
    }
}
