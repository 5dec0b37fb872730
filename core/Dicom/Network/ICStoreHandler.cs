namespace PacsSeg.Dicom.Network;

/// <summary>
/// Receives C-STORE requests. <see cref="CStoreRequest.DataSet"/> is filled while P-DATA fragments arrive,
/// so the handler can copy it to disk without holding the instance in memory. The returned status is
/// sent to the peer; exceptions map to statuses too (IOException -> A700, InvalidDataException -> C000,
/// anything else -> 0110).
/// </summary>
public interface ICStoreHandler
{
    /// <summary>
    /// True when the handler keeps data sets in the transfer syntax they arrive in, so the server may
    /// accept compressed syntaxes even without a registered codec.
    /// </summary>
    bool StoresAsReceived { get; }

    ValueTask<CStoreResult> OnStoreAsync(CStoreRequest request, CancellationToken cancellationToken);
}
