// Chooses, for each proposed presentation context, whether we accept it and with which transfer syntax.
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Network.Server;

internal static class ContextNegotiator
{
    /// <summary>Uncompressed syntaxes in our order of preference: explicit VR little endian first.</summary>
    private static readonly string[] Preferred = { DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian };

    public static PresentationContextAnswer Negotiate(PresentationContextProposal pc, bool hasStoreHandler,
        bool storesAsReceived, IReadOnlyCollection<string> acceptedSopClasses, ITransferSyntaxCodecs? codecs)
    {
        bool verification = pc.AbstractSyntax == DicomNetworkUids.Verification;
        if (!verification && (!hasStoreHandler || (acceptedSopClasses.Count > 0 && !acceptedSopClasses.Contains(pc.AbstractSyntax))))
            return new PresentationContextAnswer(pc.Id, PresentationContextResult.AbstractSyntaxNotSupported, "");
        foreach (var ts in Preferred)
        {
            if (pc.TransferSyntaxes.Contains(ts))
                return new PresentationContextAnswer(pc.Id, PresentationContextResult.Acceptance, ts);
        }
        if (!verification)
        {
            foreach (var ts in pc.TransferSyntaxes)
            {
                if (ts.StartsWith("1.2.840.10008.1.2", StringComparison.Ordinal) && (storesAsReceived || codecs?.CanDecode(ts) == true))
                    return new PresentationContextAnswer(pc.Id, PresentationContextResult.Acceptance, ts);
            }
        }
        return new PresentationContextAnswer(pc.Id, PresentationContextResult.TransferSyntaxesNotSupported, "");
    }
}
