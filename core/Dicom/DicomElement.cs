using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom;

/// <summary>An element whose value is a byte buffer (little endian, padded to even length as stored).</summary>
public sealed class DicomElement : DicomItem
{
    /// <summary>Creates the element.</summary>
    public DicomElement(DicomTag tag, DicomVR vr, DicomBuffer buffer)
        : base(tag, vr)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (vr == DicomVR.SQ)
        {
            throw new ArgumentException("A sequence is a DicomSequence, not an element with a buffer.", nameof(vr));
        }

        Buffer = buffer;
    }

    /// <summary>The value bytes.</summary>
    public DicomBuffer Buffer { get; }

    /// <summary>Length of the value in bytes.</summary>
    public long Length => Buffer.Length;
}
