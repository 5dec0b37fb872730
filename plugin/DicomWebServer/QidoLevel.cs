namespace PacsSeg.Plugin.DicomWebServer;

/// <summary>The level a QIDO-RS search answers at.</summary>
public enum QidoLevel
{
    Study,
    Series,
    Instance,
}
