// What real files get wrong is tolerated with a warning; truncated or contradictory data is rejected with
// a DicomParseException that names the offset and element, before any large allocation.
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests.IO;

public class RobustnessTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;

    [Test]
    public void ReadDataset_OddLength_KeepsValueAndWarns()
    {
        var data = new DatasetBytes().Explicit(0x0010, 0x0010, "PN", DatasetBytes.Ascii("Doe^J")).ToArray();
        var warnings = new List<DicomParseWarning>();
        var ds = DicomReader.ReadDataset(data, Explicit, warnings: warnings);
        Assert.That(ds.GetString(DicomTags.PatientName), Is.EqualTo("Doe^J"));
        Assert.That(warnings.Single().Message, Does.Contain("odd value length"));
    }

    [Test]
    public void ReadDataset_InvalidExplicitVR_ReadsElementAsImplicitAndWarns()
    {
        var data = new DatasetBytes()
            .Implicit(0x0010, 0x0020, DatasetBytes.Ascii("ID42"))
            .Explicit(0x0010, 0x0030, "DA", DatasetBytes.Ascii("20200101"))
            .ToArray();
        var warnings = new List<DicomParseWarning>();
        var ds = DicomReader.ReadDataset(data, Explicit, warnings: warnings);
        Assert.That(ds.GetString(DicomTags.PatientID), Is.EqualTo("ID42"));
        Assert.That(ds.Find(DicomTags.PatientID)!.VR, Is.EqualTo(DicomVR.LO));
        Assert.That(ds.GetString(DicomTags.PatientBirthDate), Is.EqualTo("20200101"));
        Assert.That(warnings.Single().Message, Does.Contain("no valid VR"));
    }

    [Test]
    public void ReadDataset_UndefinedLengthOnNonSequenceVR_ReadsSequenceAndWarns()
    {
        var data = new DatasetBytes()
            .Explicit(0x0008, 0x1140, "OB", [], length: 0xFFFFFFFF)
            .Item().Explicit(0x0008, 0x1150, "UI", DatasetBytes.Ascii("1.2.3\0")).ItemEnd()
            .SequenceEnd()
            .ToArray();
        var warnings = new List<DicomParseWarning>();
        var ds = DicomReader.ReadDataset(data, Explicit, warnings: warnings);
        Assert.That(ds.GetSequenceItems(DicomTags.ReferencedImageSequence).Single().GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo("1.2.3"));
        Assert.That(warnings.Single().Message, Does.Contain("undefined length on VR OB"));
    }

    [Test]
    public void ReadDataset_UnknownVRWithUndefinedLength_ReadsImplicitSequence()
    {
        var data = new DatasetBytes()
            .Explicit(0x0009, 0x1010, "UN", [], length: 0xFFFFFFFF)
            .Item().Implicit(0x0008, 0x0100, DatasetBytes.Ascii("T-12345 ")).ItemEnd()
            .SequenceEnd()
            .Explicit(0x0010, 0x0010, "PN", DatasetBytes.Ascii("A^B "))
            .ToArray();
        var ds = DicomReader.ReadDataset(data, Explicit);
        var item = ds.GetSequenceItems(new DicomTag(0x0009, 0x1010)).Single();
        Assert.That(item.GetString(DicomTags.CodeValue), Is.EqualTo("T-12345"));
        Assert.That(ds.GetString(DicomTags.PatientName), Is.EqualTo("A^B"));
    }

    [Test]
    public void ReadDataset_UnknownVRHoldingDefinedLengthSequence_ReadsTheSequence()
    {
        var inner = new DatasetBytes().Implicit(0x0008, 0x1150, DatasetBytes.Ascii("1.2.3\0")).ToArray();
        var sequence = new DatasetBytes().Item((uint)inner.Length).Raw(inner).ToArray();
        var data = new DatasetBytes().Explicit(0x0008, 0x1140, "UN", sequence).ToArray();
        var warnings = new List<DicomParseWarning>();
        var ds = DicomReader.ReadDataset(data, Explicit, warnings: warnings);
        Assert.That(ds.GetSequenceItems(DicomTags.ReferencedImageSequence).Single().GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo("1.2.3"));
        Assert.That(warnings.Single().Message, Does.Contain("UN value read as the sequence"));
    }

    [Test]
    public void ReadDataset_UndefinedLengthItemInDefinedLengthSequence_IsRead()
    {
        var item = new DatasetBytes().Item().Explicit(0x0008, 0x1150, "UI", DatasetBytes.Ascii("1.2\0")).ItemEnd().ToArray();
        var data = new DatasetBytes().Explicit(0x0008, 0x1140, "SQ", item).ToArray();
        var ds = DicomReader.ReadDataset(data, Explicit);
        Assert.That(ds.GetSequenceItems(DicomTags.ReferencedImageSequence).Single().GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo("1.2"));
    }

    [Test]
    public void ReadDataset_LengthPastEnd_ThrowsWithOffsetAndTagBeforeAllocating()
    {
        var data = new DatasetBytes()
            .Explicit(0x0010, 0x0010, "PN", DatasetBytes.Ascii("A^B "))
            .Explicit(0x7FE0, 0x0010, "OB", new byte[16], length: 0xFFFFFFF0)
            .ToArray();
        foreach (var seekable in new[] { true, false })
        {
            Stream stream = new MemoryStream(data);
            if (!seekable)
            {
                stream = new NonSeekableStream(stream);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<DicomParseException>(() => DicomReader.ReadDataset(stream, Explicit));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(e!.Tag, Is.EqualTo(DicomTags.PixelData));
            Assert.That(e.Offset, Is.EqualTo(24));
            Assert.That(e.Message, Does.Contain("(7FE0,0010)").And.Contain("offset 24"));
            Assert.That(allocated, Is.LessThan(16 << 20), $"seekable={seekable}");
        }
    }

    [Test]
    public void ReadDataset_ItemLongerThanItsSequence_Throws()
    {
        var inner = new DatasetBytes().Explicit(0x0008, 0x1150, "UI", DatasetBytes.Ascii("1.2\0")).ToArray();
        var sequence = new DatasetBytes().Item((uint)inner.Length + 100).Raw(inner).ToArray();
        var data = new DatasetBytes().Explicit(0x0008, 0x1140, "SQ", sequence).Explicit(0x0010, 0x0010, "PN", new byte[200]).ToArray();
        var e = Assert.Throws<DicomParseException>(() => DicomReader.ReadDataset(data, Explicit));
        Assert.That(e!.Tag, Is.EqualTo(DicomTags.ReferencedImageSequence));
    }

    [Test]
    public void ReadDataset_TruncatedInsideUndefinedLengthItem_Throws()
    {
        var data = new DatasetBytes()
            .Explicit(0x0008, 0x1140, "SQ", [], length: 0xFFFFFFFF)
            .Item().Explicit(0x0008, 0x1150, "UI", DatasetBytes.Ascii("1.2\0"))
            .ToArray();
        var e = Assert.Throws<DicomParseException>(() => DicomReader.ReadDataset(data, Explicit));
        Assert.That(e!.Message, Does.Contain("ended"));
    }

    [Test]
    public void ReadDataset_SequencesNestedTooDeep_ThrowsInsteadOfOverflowingTheStack()
    {
        var b = new DatasetBytes();
        for (var i = 0; i < 10_000; i++)
        {
            b.Explicit(0x0008, 0x1140, "SQ", [], length: 0xFFFFFFFF).Item();
        }

        var e = Assert.Throws<DicomParseException>(() => DicomReader.ReadDataset(b.ToArray(), Explicit));
        Assert.That(e!.Message, Does.Contain("nested deeper"));
    }

    [Test]
    public void Open_StopAtPixelData_ReadsHeaderOnly()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage.Value)
            .AddOrUpdate(DicomTags.SOPInstanceUID, "1.2.3.4")
            .AddOrUpdate(DicomTags.PixelData, DicomVR.OW, new ushort[1000]);
        using var ms = new MemoryStream();
        new DicomFile(ds).Save(ms);
        ms.Position = 0;
        var file = DicomFile.Open(ms, new DicomReadOptions { StopAtTag = DicomTags.PixelData });
        Assert.That(file.StoppedAt, Is.EqualTo(DicomTags.PixelData));
        Assert.That(file.Dataset.Contains(DicomTags.PixelData), Is.False);
        Assert.That(file.Dataset.GetString(DicomTags.SOPInstanceUID), Is.EqualTo("1.2.3.4"));
    }
}
