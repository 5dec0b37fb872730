namespace PacsSeg.Dicom;

/// <summary>One entry of a dataset: an element with a value, a sequence, or encapsulated pixel data.</summary>
public abstract class DicomItem
{
    /// <summary>Creates the entry.</summary>
    protected DicomItem(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Tag = tag;
        VR = vr;
    }

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The value representation.</summary>
    public DicomVR VR { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Tag} {VR}";
}
