namespace PacsSeg.Engine.Graphics;

/// <summary>A GL object owned by a <see cref="GraphicsDevice"/>; disposing queues its deletion to the render thread.</summary>
public abstract class GraphicsResource : IDisposable
{
    protected GraphicsResource(GraphicsDevice device, uint id)
    {
        Device = device;
        Id = id;
    }

    public GraphicsDevice Device { get; }
    public uint Id { get; }
    public bool IsDisposed { get; private set; }

    /// <summary>Deletes the GL object; runs on the render thread only.</summary>
    internal abstract void DeleteNow(GL gl);

    public void Dispose()
    {
        if (IsDisposed)
            return;
        IsDisposed = true;
        Device.Release(this);
        GC.SuppressFinalize(this);
    }
}
