using PacsSeg.Torch.Serialization;

namespace PacsSeg.Torch.Tests;

public class SafeTensorsTests
{
    [Test]
    public void WriteThenRead_RoundTripsNamesTypesShapesValuesAndMetadata()
    {
        using var scope = DisposeScope.Enter();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = Tensor.Arange(0, 12).Reshape(3, 4),
            ["b"] = Tensor.FromArray(new long[] { -1, 5 }),
            ["mask"] = Tensor.FromArray(new[] { true, false, true }),
            ["scalar"] = Tensor.Scalar(2.5, ScalarType.Float64),
        };
        var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        ms.Position = 0;
        var back = SafeTensors.Read(ms, out var meta);
        Assert.That(meta["format"], Is.EqualTo("pt"));
        Assert.That(back.Keys, Is.EquivalentTo(tensors.Keys));
        Assert.That(back["a.weight"].ToArray<float>(), Is.EqualTo(tensors["a.weight"].ToArray<float>()));
        Assert.That(back["a.weight"].Shape, Is.EqualTo(new long[] { 3, 4 }));
        Assert.That(back["b"].ToArray<long>(), Is.EqualTo(new long[] { -1, 5 }));
        Assert.That(back["mask"].ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
        Assert.That(back["scalar"].Shape, Is.Empty);
        Assert.That(back["scalar"].Item(), Is.EqualTo(2.5));
        Assert.That(BitConverter.ToUInt64(ms.ToArray(), 0) % 8, Is.EqualTo(0UL), "header padded to 8 bytes");
    }

    [Test]
    public void Read_WhenHeaderLengthExceedsFile_ThrowsInvalidData()
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 1_000_000UL);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes), out _));
        Assert.That(e!.Message, Does.Contain("header length"));
    }

    [Test]
    public void Read_WhenDataIsTruncated_ThrowsInvalidData()
    {
        using var t = Tensor.Ones([4, 4]);
        var ms = new MemoryStream();
        SafeTensors.Write(ms, new Dictionary<string, Tensor> { ["t"] = t });
        var cut = ms.ToArray()[..^8];
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(cut), out _));
    }

    [Test]
    public void Read_WhenShapeDisagreesWithOffsets_ThrowsInvalidData()
    {
        string header = "{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        var ms = new MemoryStream();
        ms.Write(BitConverter.GetBytes((ulong)header.Length));
        ms.Write(System.Text.Encoding.UTF8.GetBytes(header));
        ms.Write(new byte[8]);
        ms.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(ms, out _));
        Assert.That(e!.Message, Does.Contain("'t'"));
    }

    [Test]
    public void Read_WhenHeaderIsNotJson_ThrowsInvalidData()
    {
        var ms = new MemoryStream();
        ms.Write(BitConverter.GetBytes(4UL));
        ms.Write("{oops"u8[..4]);
        ms.Position = 0;
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(ms, out _));
    }
}
