// A C-STORE handler for tests: writes each instance as a Part 10 file named by a sanitized SOP instance UID.
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

internal sealed class FolderStoreHandler : ICStoreHandler
{
    private readonly string _folder;

    public FolderStoreHandler(string folder, bool storesAsReceived = true)
    {
        _folder = folder;
        StoresAsReceived = storesAsReceived;
        Directory.CreateDirectory(folder);
    }

    public bool StoresAsReceived { get; }

    /// <summary>When set, replaces normal storage: lets a test make the handler fail in a chosen way.</summary>
    public Func<CStoreRequest, CancellationToken, ValueTask<CStoreResult>>? Override { get; set; }

    public List<CStoreRequest> Requests { get; } = new();

    public async ValueTask<CStoreResult> OnStoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        lock (Requests)
            Requests.Add(request);
        if (Override is { } o)
            return await o(request, cancellationToken);
        string name = new string(request.SopInstanceUid.Where(c => char.IsDigit(c) || c == '.').ToArray());
        await using var fs = new FileStream(Path.Combine(_folder, name + ".dcm"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, true);
        await request.CopyAsPart10FileAsync(fs, cancellationToken);
        return CStoreResult.Success;
    }

    public string PathOf(string sopInstanceUid) => Path.Combine(_folder, sopInstanceUid + ".dcm");
}
