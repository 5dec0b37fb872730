// Codecs keyed by transfer syntax. Built once (DI singleton); the GDCM codecs join only if GDCM loads here.
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Logging;

namespace PacsSeg.Dicom.Codecs;

/// <summary>The codecs this process can use, by transfer syntax UID.</summary>
public sealed class DicomCodecRegistry
{
    private readonly Dictionary<string, IDicomCodec> _codecs = new(StringComparer.Ordinal);

    /// <summary>Creates a registry with these codecs.</summary>
    public DicomCodecRegistry(IEnumerable<IDicomCodec> codecs)
    {
        foreach (var c in codecs)
        {
            _codecs[c.TransferSyntax.Uid.Value] = c;
        }
    }

    /// <summary>Why GDCM's codecs are missing, or null when they are registered.</summary>
    public string? GdcmUnavailableReason { get; private init; }

    /// <summary>The transfer syntaxes that can be decoded.</summary>
    public IEnumerable<DicomTransferSyntax> Supported => _codecs.Values.Select(c => c.TransferSyntax);

    /// <summary>
    /// The default registry: RLE Lossless in C#, and JPEG (baseline, extended, lossless), JPEG-LS and JPEG 2000
    /// through GDCM when <c>libgdcm-cil</c> is installed.
    /// </summary>
    public static DicomCodecRegistry CreateDefault(ILogger? logger = null)
    {
        var codecs = new List<IDicomCodec> { new RleCodec() };
        var gdcm = GdcmLibrary.TryLoad(out var reason);
        if (gdcm is not null)
        {
            codecs.AddRange(GdcmCodec.SupportedSyntaxes.Select(ts => new GdcmCodec(gdcm, ts)));
        }
        else if (logger is not null)
        {
            DicomLog.GdcmUnavailable(logger, reason);
        }

        return new DicomCodecRegistry(codecs) { GdcmUnavailableReason = gdcm is null ? reason : null };
    }

    /// <summary>True if the syntax is native or has a codec.</summary>
    public bool CanDecode(DicomTransferSyntax syntax) => !syntax.IsEncapsulated || _codecs.ContainsKey(syntax.Uid.Value);

    /// <summary>The codec for a syntax.</summary>
    /// <exception cref="DicomCodecNotAvailableException">None is registered.</exception>
    public IDicomCodec Get(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (_codecs.TryGetValue(syntax.Uid.Value, out var codec))
        {
            return codec;
        }

        throw new DicomCodecNotAvailableException(syntax, GdcmUnavailableReason is null ? null : "GDCM: " + GdcmUnavailableReason);
    }
}
