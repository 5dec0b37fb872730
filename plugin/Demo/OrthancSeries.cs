namespace PacsSeg.Plugin.Demo;

/// <summary>One series as Orthanc lists it: its Orthanc id, UID, modality, SOP class (of its first instance) and instance ids.</summary>
public sealed record OrthancSeries(string Id, string SeriesInstanceUid, string Modality, string SopClassUid, IReadOnlyList<string> Instances);
