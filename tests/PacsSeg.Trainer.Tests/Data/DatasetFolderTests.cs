using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Phantoms;

namespace PacsSeg.Trainer.Tests.Data;

public class DatasetFolderTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-dataset-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static readonly PhantomDatasetOptions Tiny = new() { Kind = PhantomKind.Cardiac2D, Labeled = 2, Unlabeled = 3, Test = 2, Size = 48, Seed = 4 };

    [Test]
    public void PhantomDataset_WrittenThenLoaded_HasTheFixedSplitAndDatasetJson()
    {
        string root = Path.Combine(_dir, "ds");
        var written = PhantomDataset.Write(root, Tiny);

        var folder = DatasetFolder.Load(root);

        Assert.That(folder.Labeled.Select(c => c.Id), Is.EqualTo(new[] { "case_0000", "case_0001" }));
        Assert.That(folder.Unlabeled.Count(), Is.EqualTo(3));
        Assert.That(folder.Unlabeled.All(c => !c.HasLabel), Is.True);
        Assert.That(folder.Test.Count(c => c.HasLabel), Is.EqualTo(2));
        Assert.That(written.NumTraining, Is.EqualTo(5));
        Assert.That(folder.Description.NumUnlabeled, Is.EqualTo(3));
        Assert.That(folder.Description.ClassNamesById(), Is.EqualTo(new[] { "background", "RV", "Myo", "LV" }));
        Assert.That(folder.Description.Modality, Is.EqualTo("MRI"));
        Assert.That(File.Exists(Path.Combine(root, "imagesTr", "case_0004_0000.nii.gz")), Is.True);
    }

    [Test]
    public void PhantomDataset_LabelsAndImages_RoundTripThroughNifti()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, Tiny);
        var folder = DatasetFolder.Load(root);
        var first = folder.Labeled.First();
        var expected = PhantomDataset.Generate(Tiny, PhantomDataset.CaseSeed(Tiny.Seed, 0), first.Id);

        var label = folder.ReadLabel(first);
        var image = folder.ReadImage(first);

        Assert.That(label.Voxels, Is.EqualTo(expected.Label.Voxels));
        Assert.That(image.Voxels, Is.EqualTo(expected.Image.Voxels));
        Assert.That(image.Geometry.SameGridAs(expected.Image.Geometry), Is.True);
    }

    [Test]
    public void PhantomDataset_UnlabeledPool_KeepsItsLabelsAside()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, Tiny);
        var folder = DatasetFolder.Load(root);

        var held = folder.ReadHeldOutLabel(folder.Unlabeled.First());

        Assert.That(held, Is.Not.Null);
        Assert.That(held!.Voxels.Any(v => v == 3), Is.True);
        Assert.That(Directory.GetFiles(Path.Combine(root, "labelsTr")), Has.Length.EqualTo(2));
    }

    [Test]
    public void PhantomDataset_SameSeed_WritesSameBytes()
    {
        PhantomDataset.Write(Path.Combine(_dir, "a"), Tiny);
        PhantomDataset.Write(Path.Combine(_dir, "b"), Tiny);

        foreach (string file in Directory.GetFiles(Path.Combine(_dir, "a"), "*", SearchOption.AllDirectories))
        {
            string other = Path.Combine(_dir, "b", Path.GetRelativePath(Path.Combine(_dir, "a"), file));
            Assert.That(File.ReadAllBytes(other), Is.EqualTo(File.ReadAllBytes(file)), file);
        }
    }

    [Test]
    public void Writer_IntoNonEmptyFolder_Refuses()
    {
        File.WriteAllText(Path.Combine(_dir, "keep.txt"), "precious");

        Assert.Throws<IOException>(() => PhantomDataset.Write(_dir, Tiny));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "keep.txt")), Is.EqualTo("precious"));
    }

    [Test]
    public void Writer_IdWithPathCharacters_IsRejected()
    {
        var writer = new DatasetWriter(Path.Combine(_dir, "ds"), new DatasetDescription());
        var c = CardiacPhantom.Generate(1, CardiacPhantomOptions.TwoD(32));

        Assert.Throws<ArgumentException>(() => writer.Add("../evil", CaseRole.Labeled, c.Image, c.Label));
    }

    [Test]
    public void Load_WithoutDatasetJson_ThrowsDatasetFormatException()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "imagesTr"));

        var e = Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(_dir));
        Assert.That(e!.Message, Does.Contain("dataset.json"));
    }

    [Test]
    public void ReadLabel_WithIdsBeyondDatasetJson_ThrowsDatasetFormatException()
    {
        var writer = new DatasetWriter(Path.Combine(_dir, "ds"), new DatasetDescription
        {
            Labels = new Dictionary<string, int> { ["background"] = 0, ["LV"] = 1 },
        });
        var c = CardiacPhantom.Generate(1, CardiacPhantomOptions.TwoD(32));
        writer.Add("a", CaseRole.Labeled, c.Image, c.Label);
        writer.Complete();
        var folder = DatasetFolder.Load(Path.Combine(_dir, "ds"));

        Assert.Throws<DatasetFormatException>(() => folder.ReadLabel(folder.Labeled.First()));
    }
}
