using System.Text;
using PacsSeg.Plugin.Spool;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Spool;

public sealed class FileSpoolTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private FileSpool Spool(long minFree = 0, long maxInstance = 1 << 20) =>
        new(TestOptions.For(dir.Path, o => { o.Spool.MinFreeBytes = minFree; o.Spool.MaxInstanceBytes = maxInstance; }), new DriveDiskSpaceProbe());

    [Test]
    public async Task Write_ValidUids_StoresTheBytesUnderStudySeriesSop()
    {
        var spool = Spool();
        var bytes = Encoding.ASCII.GetBytes("DICM-like payload");
        var result = await spool.WriteAsync(new SpoolKey("1.2.3", "1.2.3.4", "1.2.3.4.5"), new MemoryStream(bytes), CancellationToken.None);
        Assert.That(result.Path, Is.EqualTo(Path.Combine(spool.RootDirectory, "instances", "1.2.3", "1.2.3.4", "1.2.3.4.5.dcm")));
        Assert.That(await File.ReadAllBytesAsync(result.Path), Is.EqualTo(bytes));
        Assert.That(result.Length, Is.EqualTo(bytes.Length));
        Assert.That(Directory.EnumerateFiles(spool.RootDirectory, ".tmp-*", SearchOption.AllDirectories), Is.Empty, "temp file renamed away");
    }

    [TestCase("../../../etc/passwd")]
    [TestCase("/etc/passwd")]
    [TestCase("..")]
    [TestCase(".")]
    [TestCase("a/b\\c")]
    [TestCase("C:\\Windows")]
    [TestCase("1.2.3\0../x")]
    public async Task Write_UidWithPathCharacters_StaysInsideTheSpool(string hostile)
    {
        var spool = Spool();
        var result = await spool.WriteAsync(new SpoolKey(hostile, hostile, hostile), new MemoryStream([1, 2, 3]), CancellationToken.None);
        string full = Path.GetFullPath(result.Path);
        Assert.That(full, Does.StartWith(Path.Combine(spool.RootDirectory, "instances") + Path.DirectorySeparatorChar));
        Assert.That(Path.GetRelativePath(spool.RootDirectory, full).Split(Path.DirectorySeparatorChar), Has.Length.EqualTo(4),
            "instances/<study>/<series>/<sop>.dcm: exactly three sanitized segments");
    }

    [Test]
    public void ToSegment_DifferentBadUids_NeverCollide()
    {
        Assert.That(UidPath.ToSegment("a/b"), Is.Not.EqualTo(UidPath.ToSegment("a\\b")));
        Assert.That(UidPath.ToSegment("1.2.840.10008"), Is.EqualTo("1.2.840.10008"));
        Assert.That(UidPath.ToSegment("1..2"), Does.StartWith("x_"));
    }

    [Test]
    public void Write_WhenBelowTheFreeSpaceReserve_ThrowsSpoolFullAndKeepsNothing()
    {
        var spool = Spool(minFree: long.MaxValue / 2);
        Assert.That(spool.GetCapacity().IsNearlyFull, Is.True);
        Assert.That(() => spool.WriteAsync(new SpoolKey("1.2", "1.2.3", "1.2.3.4"), new MemoryStream([1]), CancellationToken.None),
            Throws.TypeOf<SpoolFullException>());
        Assert.That(Directory.EnumerateFiles(spool.RootDirectory, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Write_StreamLargerThanTheLimit_ThrowsAndLeavesNoTempFile()
    {
        var spool = Spool(maxInstance: 1000);
        Assert.That(() => spool.WriteAsync(new SpoolKey("1.2", "1.2.3", "1.2.3.4"), new MemoryStream(new byte[5000]), CancellationToken.None),
            Throws.TypeOf<InstanceTooLargeException>());
        Assert.That(Directory.EnumerateFiles(spool.RootDirectory, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Write_SameSopTwice_ReplacesAtomically()
    {
        var spool = Spool();
        var key = new SpoolKey("1.2", "1.2.3", "1.2.3.4");
        await spool.WriteAsync(key, new MemoryStream([1, 1]), CancellationToken.None);
        var second = await spool.WriteAsync(key, new MemoryStream([2, 2, 2]), CancellationToken.None);
        Assert.That(await File.ReadAllBytesAsync(second.Path), Is.EqualTo(new byte[] { 2, 2, 2 }));
    }

    [Test]
    public async Task RemoveTemporaryFiles_LeftoversOfACrash_AreRemovedAndInstancesKept()
    {
        var spool = Spool();
        var kept = await spool.WriteAsync(new SpoolKey("1.2", "1.2.3", "1.2.3.4"), new MemoryStream([7]), CancellationToken.None);
        string leftover = Path.Combine(Path.GetDirectoryName(kept.Path)!, ".tmp-deadbeef");
        await File.WriteAllBytesAsync(leftover, [0]);
        Assert.That(spool.RemoveTemporaryFiles(), Is.EqualTo(1));
        Assert.That(File.Exists(leftover), Is.False);
        Assert.That(File.Exists(kept.Path), Is.True);
    }
}
