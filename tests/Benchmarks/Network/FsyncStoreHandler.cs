// The benchmark's C-STORE handler: what the plugin's spool does, a Part 10 file per instance, fsynced
// before the success status goes back.
using PacsSeg.Dicom.Network;

namespace PacsSeg.Benchmarks.Network;

internal sealed class FsyncStoreHandler : ICStoreHandler, IServiceProvider
{
    private readonly string _folder;
    private int _count;

    public FsyncStoreHandler(string folder) => _folder = folder;

    public bool StoresAsReceived => true;

    public int Count => _count;

    public async ValueTask<CStoreResult> OnStoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        string name = new string(request.SopInstanceUid.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        string path = Path.Combine(_folder, name + ".dcm");
        await using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await request.CopyAsPart10FileAsync(fs, cancellationToken);
            await fs.FlushAsync(cancellationToken);
            fs.Flush(flushToDisk: true);
        }
        Interlocked.Increment(ref _count);
        return CStoreResult.Success;
    }

    public object? GetService(Type serviceType) => serviceType == typeof(ICStoreHandler) ? this : null;
}
