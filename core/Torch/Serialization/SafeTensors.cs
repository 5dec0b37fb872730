// The safetensors format (8-byte little-endian header length, JSON header, raw little-endian data),
// so PyTorch tools read our weights and we read theirs. Every length and offset is checked against
// what the file holds before anything is allocated.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace PacsSeg.Torch.Serialization;

public static class SafeTensors
{
    /// <summary>Largest header accepted (the format's reference reader uses 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Write(fs, tensors, metadata);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    public static Dictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(fs, out metadata);
    }

    /// <summary>Writes the tensors (moved to the CPU, contiguous) in name order.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new MemoryStream();
        long offset = 0;
        var sizes = new List<long>();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata)
                    w.WriteString(k, v);
                w.WriteEndObject();
            }
            foreach (string name in names)
            {
                if (name == "__metadata__")
                    throw new ArgumentException("'__metadata__' is reserved in safetensors", nameof(tensors));
                var t = tensors[name];
                long[] shape = t.Shape;
                long bytes = ElementSize(t.Dtype);
                foreach (long s in shape)
                    bytes *= s;
                w.WriteStartObject(name);
                w.WriteString("dtype", DtypeName(t.Dtype));
                w.WriteStartArray("shape");
                foreach (long s in shape)
                    w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
                sizes.Add(bytes);
            }
            w.WriteEndObject();
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        long padded = (header.Length + 7) / 8 * 8;
        while (header.Length < padded)
            header.WriteByte((byte)' ');
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
        stream.Write(len);
        header.Position = 0;
        header.CopyTo(stream);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
        for (int i = 0; i < names.Count; i++)
        {
            using var cpu = tensors[names[i]].To(Device.Cpu);
            using var c = cpu.Contiguous();
            var buffer = new byte[sizes[i]];
            CopyOut(c, buffer);
            stream.Write(buffer);
        }
    }

    private static unsafe void CopyOut(Tensor t, byte[] buffer)
    {
        fixed (byte* p = buffer)
            Native.NativeMethods.Check(Native.NativeMethods.TensorCopyTo(t.Handle, p, buffer.Length), "safetensors.write");
    }

    /// <summary>Reads every tensor; a damaged file raises <see cref="InvalidDataException"/> naming the problem.</summary>
    public static unsafe Dictionary<string, Tensor> Read(Stream stream, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long total = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        Span<byte> len = stackalloc byte[8];
        stream.ReadExactly(len);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength > (ulong)MaxHeaderBytes || (long)headerLength > total - 8)
            throw new InvalidDataException($"safetensors header length {headerLength} exceeds the file ({total} bytes)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataLength = total == long.MaxValue ? -1 : total - 8 - (long)headerLength;
        var entries = new List<(string Name, ScalarType Type, long[] Shape, long Begin, long End)>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(headerBytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("safetensors header is not a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject())
                        meta[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                var e = prop.Value;
                var type = ParseDtype(e.GetProperty("dtype").GetString() ?? "");
                var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                var offs = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (offs.Length != 2 || offs[0] < 0 || offs[1] < offs[0] || (dataLength >= 0 && offs[1] > dataLength))
                    throw new InvalidDataException($"safetensors entry '{prop.Name}' has offsets outside the data");
                long expected = ElementSize(type);
                foreach (long s in shape)
                {
                    if (s < 0)
                        throw new InvalidDataException($"safetensors entry '{prop.Name}' has a negative dimension");
                    expected = checked(expected * s);
                }
                if (expected != offs[1] - offs[0])
                    throw new InvalidDataException(
                        $"safetensors entry '{prop.Name}' is {offs[1] - offs[0]} bytes but {type}{Tensor.FormatShape(shape)} needs {expected}");
                entries.Add((prop.Name, type, shape, offs[0], offs[1]));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"safetensors header is malformed: {e.Message}", e);
        }
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long cursor = 0;
        foreach (var e in entries)
        {
            if (e.Begin != cursor)
                throw new InvalidDataException($"safetensors data of '{e.Name}' overlaps or leaves a gap (at {e.Begin}, expected {cursor})");
            cursor = e.End;
        }
        if (dataLength >= 0 && cursor != dataLength)
            throw new InvalidDataException($"safetensors data is {dataLength} bytes but the header describes {cursor}");
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries)
            {
                var buffer = new byte[e.End - e.Begin];
                stream.ReadExactly(buffer);
                fixed (byte* p = buffer)
                fixed (long* s = e.Shape)
                {
                    Native.NativeMethods.Check(Native.NativeMethods.TensorFromData(p, buffer.Length, s, e.Shape.Length,
                        (int)e.Type, out IntPtr h), "safetensors.read");
                    result[e.Name] = new Tensor(new Native.TensorHandle(h));
                }
            }
        }
        catch
        {
            foreach (var t in result.Values)
                t.Dispose();
            throw;
        }
        metadata = meta;
        return result;
    }

    private static string DtypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new TorchException("safetensors.write", $"no safetensors dtype for {t}"),
    };

    private static ScalarType ParseDtype(string s) => s switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"unsupported safetensors dtype '{s}'"),
    };

    internal static long ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new TorchException($"no element size for {t}"),
    };
}
