namespace PacsSeg.Dicom.Network;

/// <summary>One incoming C-STORE: identifiers from the command set and the data set as a forward-only stream.</summary>
public sealed class CStoreRequest
{
    internal CStoreRequest(DicomAssociationInfo association, ushort messageId, string sopClassUid,
        string sopInstanceUid, string transferSyntaxUid, Stream dataSet)
    {
        Association = association;
        MessageId = messageId;
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        TransferSyntaxUid = transferSyntaxUid;
        DataSet = dataSet;
    }

    public DicomAssociationInfo Association { get; }

    public ushort MessageId { get; }

    public string SopClassUid { get; }

    public string SopInstanceUid { get; }

    /// <summary>The transfer syntax of the accepted presentation context: the encoding of <see cref="DataSet"/>.</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>The data set bytes (no file meta), readable once, asynchronously, as they arrive.</summary>
    public Stream DataSet { get; }

    /// <summary>
    /// Writes a complete Part 10 file (preamble, file meta, data set as received) to <paramref name="destination"/>.
    /// </summary>
    public async Task CopyAsPart10FileAsync(Stream destination, CancellationToken cancellationToken)
    {
        var meta = Dimse.FileMetaCodec.Encode(SopClassUid, SopInstanceUid, TransferSyntaxUid, Association.CallingAe);
        await destination.WriteAsync(meta, cancellationToken).ConfigureAwait(false);
        await DataSet.CopyToAsync(destination, 256 * 1024, cancellationToken).ConfigureAwait(false);
    }
}
