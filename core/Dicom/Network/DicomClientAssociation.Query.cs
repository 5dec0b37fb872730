// C-FIND and C-MOVE on the SCU side.
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Network.Dimse;

namespace PacsSeg.Dicom.Network;

public sealed partial class DicomClientAssociation
{
    /// <summary>Sends C-FIND and collects every pending match (the final response carries none).</summary>
    public async Task<IReadOnlyList<DicomDataset>> FindAsync(DicomQueryRoot root, DicomDataset identifier, CancellationToken cancellationToken)
    {
        string sopClass = DicomQueries.FindSopClass(root);
        var ctx = FindContext(sopClass) ?? throw new DicomNetworkException($"The peer did not accept C-FIND for {root}.");
        var syntax = DicomTransferSyntax.Parse(ctx.TransferSyntax);
        var cmd = new DimseCommand { Field = DimseCommandField.CFindRequest, HasDataSet = true };
        cmd.SetString(DimseCommand.AffectedSopClassUid, sopClass);
        cmd.SetUInt16(DimseCommand.Priority, 0);
        var matches = new List<DicomDataset>();
        var rsp = await RunAsync(cmd, ctx.Id, null, 0, cancellationToken, DicomWriter.WriteDataset(identifier, syntax),
            (pending, data) =>
            {
                if (data is not null)
                    matches.Add(DicomReader.ReadDataset(data, syntax));
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        ushort status = rsp.GetUInt16(DimseCommand.Status);
        if (DicomStatus.IsFailure(status) || status == DicomStatus.Cancel)
            throw new DicomNetworkException($"C-FIND failed with status {status:X4}: {rsp.GetString(DimseCommand.ErrorComment)}");
        return matches;
    }

    /// <summary>
    /// Sends C-MOVE asking the peer to C-STORE the matches to <paramref name="destinationAe"/> (e.g. our own
    /// DicomServer); pending responses go to <paramref name="progress"/>.
    /// </summary>
    public async Task<DicomMoveResult> MoveAsync(DicomQueryRoot root, DicomDataset identifier, string destinationAe,
        IProgress<DicomMoveResult>? progress, CancellationToken cancellationToken)
    {
        if (!DicomServerOptionsValidator.IsValidAeTitle(destinationAe))
            throw new ArgumentException($"Destination AE '{destinationAe}' is not valid.", nameof(destinationAe));
        string sopClass = DicomQueries.MoveSopClass(root);
        var ctx = FindContext(sopClass) ?? throw new DicomNetworkException($"The peer did not accept C-MOVE for {root}.");
        var syntax = DicomTransferSyntax.Parse(ctx.TransferSyntax);
        var cmd = new DimseCommand { Field = DimseCommandField.CMoveRequest, HasDataSet = true };
        cmd.SetString(DimseCommand.AffectedSopClassUid, sopClass);
        cmd.SetUInt16(DimseCommand.Priority, 0);
        cmd.SetString(DimseCommand.MoveDestination, destinationAe);
        var rsp = await RunAsync(cmd, ctx.Id, null, 0, cancellationToken, DicomWriter.WriteDataset(identifier, syntax),
            (pending, _) =>
            {
                progress?.Report(ToMoveResult(pending));
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        return ToMoveResult(rsp);
    }

    private static DicomMoveResult ToMoveResult(DimseCommand rsp) => new(
        rsp.GetUInt16(DimseCommand.Status),
        rsp.GetUInt16(DimseCommand.CompletedSuboperations, 0),
        rsp.GetUInt16(DimseCommand.FailedSuboperations, 0),
        rsp.GetUInt16(DimseCommand.WarningSuboperations, 0),
        rsp.GetString(DimseCommand.ErrorComment));
}
