// The data model's rules: generated dictionary, VR objects, UIDs, private blocks, character sets.
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Tests;

public class DataModelTests
{
    [Test]
    public void Dictionary_KnownAndRepeatingTags_HaveTheirVRAndKeyword()
    {
        Assert.That(DicomDictionary.Find(DicomTags.PatientName)!.Keyword, Is.EqualTo("PatientName"));
        Assert.That(DicomDictionary.Find(DicomTags.PatientName)!.DefaultVR, Is.EqualTo(DicomVR.PN));
        var overlay = DicomDictionary.Find(new DicomTag(0x6002, 0x3000))!;
        Assert.That(overlay.Keyword, Is.EqualTo("OverlayData"));
        Assert.That(DicomDictionary.Find(new DicomTag(0x6003, 0x3000)), Is.Null, "odd groups are private, not overlays");
        Assert.That(DicomDictionary.GetDefaultVR(new DicomTag(0x0029, 0x0010)), Is.EqualTo(DicomVR.LO));
        Assert.That(DicomDictionary.GetDefaultVR(new DicomTag(0x0029, 0x1010)), Is.EqualTo(DicomVR.UN));
        Assert.That(DicomDictionary.FindByKeyword("SegmentSequence")!.Tag, Is.EqualTo(new DicomTag(0x0062, 0x0002)));
    }

    [Test]
    public void VR_RulesMatchTheStandard()
    {
        Assert.That(DicomVR.UI.PaddingByte, Is.EqualTo(0));
        Assert.That(DicomVR.LO.PaddingByte, Is.EqualTo((byte)' '));
        Assert.That(DicomVR.OB.Is16BitLength, Is.False);
        Assert.That(DicomVR.US.Is16BitLength, Is.True);
        Assert.That(DicomVR.UT.IsMultiValueString, Is.False);
        Assert.That(DicomVR.LO.MaxLength, Is.EqualTo(64));
        Assert.Throws<ArgumentException>(() => DicomVR.Parse("ZZ"));
    }

    [Test]
    public void Uid_GenerateAndParse()
    {
        var uid = DicomUid.Generate();
        Assert.That(DicomUid.IsValid(uid.Value), Is.True);
        Assert.That(uid.Value, Does.StartWith("2.25."));
        Assert.That(DicomUid.Parse("1.2.840.10008.1.2.1\0").Name, Is.EqualTo("Explicit VR Little Endian"));
        Assert.That(DicomUid.IsValid("1.02.3"), Is.False);
        Assert.That(DicomUids.All.Count, Is.GreaterThan(400));
    }

    [Test]
    public void Tag_ParseAndFormat()
    {
        Assert.That(DicomTag.Parse("(7FE0,0010)"), Is.EqualTo(DicomTags.PixelData));
        Assert.That(DicomTag.Parse("00100010").ToString(), Is.EqualTo("(0010,0010)"));
        Assert.Throws<FormatException>(() => DicomTag.Parse("(0010,00ZZ)"));
    }

    [Test]
    public void PrivateTags_ReserveBlockPerCreatorAndFindItAgain()
    {
        var ds = new DicomDataset().AddOrUpdate(new DicomTag(0x0029, 0x0010), DicomVR.LO, "OTHER VENDOR");
        var tag = ds.GetOrReservePrivateTag(0x0029, "PACSSEG", 0x01);
        Assert.That(tag, Is.EqualTo(new DicomTag(0x0029, 0x1101)));
        ds.AddOrUpdate(tag, DicomVR.LO, "model-1.0");
        Assert.That(ds.FindPrivateTag(0x0029, "PACSSEG", 0x01), Is.EqualTo(tag));
        Assert.That(ds.GetPrivateCreator(tag), Is.EqualTo("PACSSEG"));
        var back = DicomReader.ReadDataset(DicomWriter.WriteDataset(ds, DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.That(back.GetString(back.FindPrivateTag(0x0029, "PACSSEG", 0x01)!.Value), Is.EqualTo("model-1.0"));
    }

    [Test]
    public void Strings_WithUtf8CharacterSet_RoundTripThroughBytes()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .AddOrUpdate(DicomTags.PatientName, "Müller^Jürgen=山田^太郎");
        var back = DicomReader.ReadDataset(DicomWriter.WriteDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.That(back.GetString(DicomTags.PatientName), Is.EqualTo("Müller^Jürgen=山田^太郎"));
    }

    [Test]
    public void Accessors_WrongKind_ThrowDataExceptionNamingTheTag()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTags.Rows, (ushort)512).AddOrUpdateDecimals(DicomTags.PixelSpacing, 0.5, 0.25);
        Assert.That(ds.GetValue<ushort>(DicomTags.Rows), Is.EqualTo(512));
        Assert.That(ds.GetDoubles(DicomTags.PixelSpacing), Is.EqualTo(new[] { 0.5, 0.25 }));
        Assert.That(ds.GetInt32(DicomTags.Rows), Is.EqualTo(512));
        var e = Assert.Throws<DicomDataException>(() => ds.GetValues<float>(DicomTags.Rows));
        Assert.That(e!.Message, Does.Contain("(0028,0010)"));
        Assert.Throws<DicomDataException>(() => ds.GetString(DicomTags.Rows));
        Assert.Throws<DicomDataException>(() => ds.GetString(DicomTags.PatientName));
    }
}
