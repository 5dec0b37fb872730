// NIfTI against an independent reader/writer (Peers/nifti_peer.py: struct + numpy, no nibabel).
using System.Text.Json;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Imaging.Tests.Support;

namespace PacsSeg.Imaging.Tests.IO.Nifti;

[Category("Peer")]
public class NiftiPeerTests
{
    /// <summary>LPS position of voxel (i, j, k) through a RAS affine given as 4 rows.</summary>
    private static Vec3 PeerPatient(JsonElement affine, Vec3 index)
    {
        var rows = affine.EnumerateArray().Select(r => r.Doubles()).ToArray();
        double X(int r) => rows[r][0] * index.X + rows[r][1] * index.Y + rows[r][2] * index.Z + rows[r][3];
        return new Vec3(-X(0), -X(1), X(2));
    }

    private static void AssertPeerAffineMatches(JsonElement affine, VolumeGeometry g, double toleranceMm)
    {
        foreach (var index in new[] { new Vec3(0, 0, 0), new Vec3(g.SizeX - 1, 0, 0), new Vec3(0, g.SizeY - 1, 0), new Vec3(0, 0, g.SizeZ - 1), new Vec3(3, 2, 1) })
        {
            var peer = PeerPatient(affine, index);
            Assert.That(Vec3.Distance(peer, g.IndexToPatient(index)), Is.LessThan(toleranceMm), $"voxel {index}: peer {peer} vs {g.IndexToPatient(index)}");
        }
    }

    [TestCase(1, "t.nii")]
    [TestCase(2, "t.nii.gz")]
    public void Write_ObliqueInt16_PeerReadsSameHeaderVoxelsAndPositions(int version, string name)
    {
        using var dir = new TempDir();
        var g = TestGeometries.Oblique();
        var v = new Volume<short>(g);
        for (int n = 0; n < v.Voxels.Length; n++)
            v.Voxels[n] = (short)(n * 97 - 3000);
        NiftiWriter.Write(dir.File(name), v, new NiftiWriteOptions { Version = version, ScaleSlope = 2, ScaleIntercept = -5, Description = "peer test" });

        var peer = PythonPeer.RunJson("nifti_peer.py", "read", dir.File(name));

        Assert.That(peer.GetProperty("sizeof_hdr").GetInt32(), Is.EqualTo(version == 1 ? 348 : 540));
        Assert.That(peer.GetProperty("datatype").GetInt32(), Is.EqualTo(4));
        Assert.That(peer.GetProperty("bitpix").GetInt32(), Is.EqualTo(16));
        Assert.That(peer.GetProperty("dim").Doubles()[..4], Is.EqualTo(new double[] { 3, 7, 5, 4 }));
        Assert.That(peer.GetProperty("scl_slope").GetDouble(), Is.EqualTo(2));
        Assert.That(peer.GetProperty("scl_inter").GetDouble(), Is.EqualTo(-5));
        Assert.That(peer.GetProperty("descrip").GetString(), Is.EqualTo("peer test"));
        Assert.That(peer.GetProperty("data").Doubles(), Is.EqualTo(v.Voxels.Select(x => (double)x).ToArray()));
        AssertPeerAffineMatches(peer.GetProperty("affine"), g, version == 1 ? 1e-4 : 1e-9);
        // The peer's qform (its own quaternion maths) must place the grid where the sform does.
        var q = peer.GetProperty("qform_affine").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var s = peer.GetProperty("affine").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                Assert.That(q[r][c], Is.EqualTo(s[r][c]).Within(1e-5), $"qform[{r},{c}]");
    }

    [Test]
    public void Write_ReflectedSagittal_PeerQformAgreesWithSform()
    {
        using var dir = new TempDir();
        var g = TestGeometries.SagittalReflected();
        NiftiWriter.Write(dir.File("r.nii"), new Volume<float>(g));

        var peer = PythonPeer.RunJson("nifti_peer.py", "read", dir.File("r.nii"));

        Assert.That(peer.GetProperty("pixdim").Doubles()[0], Is.EqualTo(-1));
        var q = peer.GetProperty("qform_affine").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var s = peer.GetProperty("affine").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                Assert.That(q[r][c], Is.EqualTo(s[r][c]).Within(1e-5), $"qform[{r},{c}]");
    }

    private static Volume<T> PeerWrites<T>(TempDir dir, string name, object spec, out JsonElement peer) where T : unmanaged, System.Numerics.INumber<T>
    {
        string specPath = dir.File(name + ".json");
        File.WriteAllText(specPath, JsonSerializer.Serialize(spec));
        PythonPeer.Run("nifti_peer.py", "write", dir.File(name), specPath);
        peer = PythonPeer.RunJson("nifti_peer.py", "read", dir.File(name));
        return NiftiReader.ReadVolume<T>(dir.File(name));
    }

    private static double[] Ramp(int count, double scale, double offset) => Enumerable.Range(0, count).Select(n => n * scale + offset).ToArray();

    [Test]
    public void Read_PeerBigEndianInt16WithScaling_GivesRealValuesAndQformPositions()
    {
        using var dir = new TempDir();
        // qform only: rotation of 90 degrees about z (quaternion d = sin 45), qfac -1, anisotropic voxels.
        double h = Math.Sqrt(0.5);
        var spec = new
        {
            version = 1, endian = ">", datatype = 4, dim = new[] { 5, 4, 3 },
            data = Ramp(60, 13, -400), pixdim = new[] { -1.0, 0.7, 1.3, 4, 1, 1, 1, 1 },
            scl_slope = 0.5, scl_inter = 100.0, qform_code = 1, sform_code = 0,
            quatern = new[] { 0, 0, h }, qoffset = new[] { 10.0, -20, 30 },
        };
        var v = PeerWrites<float>(dir, "be.nii", spec, out var peer);

        Assert.That(peer.GetProperty("endian").GetString(), Is.EqualTo(">"));
        Assert.That(v.Voxels, Is.EqualTo(Ramp(60, 13, -400).Select(x => (float)(x * 0.5 + 100)).ToArray()));
        AssertPeerAffineMatches(peer.GetProperty("affine"), v.Geometry, 1e-4);
    }

    [Test]
    public void Read_PeerNifti2BigEndianFloat64Gzip_UsesSformOverDifferentQform()
    {
        using var dir = new TempDir();
        var spec = new
        {
            version = 2, endian = ">", datatype = 64, dim = new[] { 4, 3, 2 },
            data = Ramp(24, Math.E, -3), pixdim = new[] { 1.0, 2, 2, 2, 1, 1, 1, 1 },
            qform_code = 1, sform_code = 2, quatern = new[] { 0.0, 0, 0 }, qoffset = new[] { 0.0, 0, 0 },
            srow = new[] { -0.9, 0.1, 0, 50, 0.1, 0.8, 0.2, -60, 0, -0.3, 2.5, 70 },
        };
        var v = PeerWrites<double>(dir, "f64.nii.gz", spec, out var peer);

        Assert.That(NiftiReader.ReadHeader(dir.File("f64.nii.gz")).AffineSource, Is.EqualTo(NiftiAffineSource.Sform));
        Assert.That(v.Voxels, Is.EqualTo(Ramp(24, Math.E, -3)));
        AssertPeerAffineMatches(peer.GetProperty("affine"), v.Geometry, 1e-9);
    }

    [Test]
    public void Read_PeerWithoutForms_UsesNibabelBaseAffine()
    {
        using var dir = new TempDir();
        var spec = new { version = 1, datatype = 2, dim = new[] { 5, 4, 3 }, data = Ramp(60, 1, 0), pixdim = new[] { 1.0, 1.5, 2, 3, 1, 1, 1, 1 } };
        var v = PeerWrites<byte>(dir, "base.nii", spec, out var peer);

        Assert.That(NiftiReader.ReadHeader(dir.File("base.nii")).AffineSource, Is.EqualTo(NiftiAffineSource.Base));
        AssertPeerAffineMatches(peer.GetProperty("affine"), v.Geometry, 1e-9);
        // The grid's centre sits at the origin.
        Assert.That(v.Geometry.IndexToPatient(2, 1.5, 1).Length, Is.LessThan(1e-9));
    }

    [Test]
    public void Read_PeerUInt16WithLargeVoxOffset_SkipsToData()
    {
        using var dir = new TempDir();
        var spec = new
        {
            version = 1, datatype = 512, dim = new[] { 3, 3, 3 }, data = Ramp(27, 2000, 7), vox_offset = 1024,
            pixdim = new[] { 1.0, 1, 1, 1, 1, 1, 1, 1 }, sform_code = 1, srow = new[] { 1.0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0 },
        };
        var v = PeerWrites<ushort>(dir, "off.nii.gz", spec, out _);

        Assert.That(v.Voxels.Select(x => (double)x), Is.EqualTo(Ramp(27, 2000, 7)));
        // RAS identity is LPS with x and y negated.
        Assert.That(v.Geometry.IndexToPatient(1, 2, 0), Is.EqualTo(new Vec3(-1, -2, 0)));
    }
}
