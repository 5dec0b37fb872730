// The one thread that owns the GL context. Everything that touches GL runs here through Invoke,
// so callers on any thread never race the driver.
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace PacsSeg.Engine.Graphics;

/// <summary>Runs work items on a dedicated thread that has the platform's context current.</summary>
public sealed class RenderThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly Platform.GraphicsPlatform _platform;
    private GraphicsDevice? _device;
    private Exception? _startError;
    private readonly ManualResetEventSlim _started = new();

    public RenderThread(Platform.GraphicsPlatform platform)
    {
        _platform = platform ?? throw new ArgumentNullException(nameof(platform));
        _thread = new Thread(Run) { IsBackground = true, Name = "PacsSeg render" };
        _thread.Start();
        _started.Wait();
        if (_startError is not null)
        {
            _thread.Join();
            ExceptionDispatchInfo.Throw(_startError);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the render thread and returns its result (exceptions rethrown here).</summary>
    public T Invoke<T>(Func<GraphicsDevice, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_device is { IsRenderThread: true })
            return work(_device);
        T result = default!;
        Exception? error = null;
        using var done = new ManualResetEventSlim();
        _work.Add(() =>
        {
            try
            {
                result = work(_device!);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        if (error is not null)
            ExceptionDispatchInfo.Throw(error);
        return result;
    }

    public void Invoke(Action<GraphicsDevice> work) => Invoke<bool>(d =>
    {
        work(d);
        return true;
    });

    private void Run()
    {
        try
        {
            _platform.MakeCurrent(true);
            _device = new GraphicsDevice(new GL(_platform.GetProcAddress));
        }
        catch (Exception e)
        {
            _startError = e;
            _started.Set();
            return;
        }
        _started.Set();
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
            _device.ProcessDeletions();
        }
        _device.ProcessDeletions();
        _platform.MakeCurrent(false);
    }

    public void Dispose()
    {
        if (_work.IsAddingCompleted)
            return;
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
        _started.Dispose();
    }
}
