namespace PacsSeg.Dicom.Network;

/// <summary>Answers C-ECHO. Optional: without one registered the server answers Success.</summary>
public interface ICEchoHandler
{
    ValueTask<ushort> OnEchoAsync(DicomAssociationInfo association, CancellationToken cancellationToken);
}
