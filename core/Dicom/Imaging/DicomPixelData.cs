// Frames of a dataset's pixel data as bytes, typed arrays or rescaled values; compressed frames go through
// the codec registry. Native frames of file-backed pixel data are read one at a time from the file.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PacsSeg.Dicom.Codecs;

namespace PacsSeg.Dicom.Imaging;

/// <summary>Access to the frames of (7FE0,0010) Pixel Data.</summary>
public sealed class DicomPixelData
{
    private readonly DicomItem _pixels;
    private readonly DicomCodecRegistry? _codecs;
    private readonly bool _isSubsampled422;
    private readonly long _storedFrameLength;
    private List<int[]>? _frameFragments;

    /// <summary>Reads the Image Pixel module of <paramref name="dataset"/>, encoded in <paramref name="syntax"/>.</summary>
    /// <exception cref="DicomDataException">No pixel data, or the module's attributes are missing or inconsistent.</exception>
    public DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax, DicomCodecRegistry? codecs = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        _pixels = dataset.Find(DicomTags.PixelData) ?? throw new DicomDataException("The dataset has no Pixel Data (7FE0,0010).");
        _codecs = codecs;
        TransferSyntax = syntax;
        var bitsAllocated = dataset.GetInt32(DicomTags.BitsAllocated);
        var samples = dataset.GetInt32OrDefault(DicomTags.SamplesPerPixel, 1);
        Info = new DicomFrameInfo(
            dataset.GetInt32(DicomTags.Rows),
            dataset.GetInt32(DicomTags.Columns),
            samples,
            bitsAllocated,
            dataset.GetInt32OrDefault(DicomTags.BitsStored, bitsAllocated),
            dataset.GetInt32OrDefault(DicomTags.PixelRepresentation, 0) == 1,
            samples > 1 ? dataset.GetInt32OrDefault(DicomTags.PlanarConfiguration, 0) : 0,
            dataset.GetStringOrDefault(DicomTags.PhotometricInterpretation) ?? "MONOCHROME2");
        if (Info.Rows <= 0 || Info.Columns <= 0 || samples is < 1 or > 4 || bitsAllocated is not (1 or 8 or 16 or 32 or 64) || Info.BitsStored < 1 || Info.BitsStored > bitsAllocated)
        {
            throw new DicomDataException($"Unsupported or inconsistent image pixel module: {Info}.");
        }

        NumberOfFrames = Math.Max(1, dataset.GetInt32OrDefault(DicomTags.NumberOfFrames, 1));
        RescaleSlope = dataset.GetDoubleOrDefault(DicomTags.RescaleSlope, 1.0);
        RescaleIntercept = dataset.GetDoubleOrDefault(DicomTags.RescaleIntercept, 0.0);
        // Native YBR_FULL_422 keeps two luminance samples and one pair of chroma samples per two pixels.
        _isSubsampled422 = _pixels is DicomElement && samples == 3 && bitsAllocated == 8 && Info.PhotometricInterpretation == "YBR_FULL_422";
        _storedFrameLength = _isSubsampled422 ? Info.PixelCount * 2 : Info.FrameLength;
        if (_pixels is DicomElement e && bitsAllocated >= 8 && e.Length < _storedFrameLength * NumberOfFrames)
        {
            throw new DicomDataException($"Pixel Data holds {e.Length} bytes; {NumberOfFrames} frames of {_storedFrameLength} bytes need {_storedFrameLength * NumberOfFrames}.");
        }
    }

    /// <summary>Creates the accessor for a file's dataset and transfer syntax.</summary>
    public static DicomPixelData Create(DicomFile file, DicomCodecRegistry? codecs = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new DicomPixelData(file.Dataset, file.TransferSyntax, codecs);
    }

    /// <summary>The frame layout.</summary>
    public DicomFrameInfo Info { get; }

    /// <summary>Number of frames (0028,0008), 1 if absent.</summary>
    public int NumberOfFrames { get; }

    /// <summary>Rescale slope (0028,1053), 1 if absent.</summary>
    public double RescaleSlope { get; }

    /// <summary>Rescale intercept (0028,1052), 0 if absent.</summary>
    public double RescaleIntercept { get; }

    /// <summary>The transfer syntax the pixel data is encoded in.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>True if frames are compressed.</summary>
    public bool IsEncapsulated => _pixels is DicomFragmentSequence;

    /// <summary>
    /// Copies one frame as native bytes into <paramref name="destination"/> (<see cref="DicomFrameInfo.FrameLength"/> bytes):
    /// little endian, samples interleaved whatever the planar configuration. Not for 1-bit data (use <see cref="GetFrame{T}"/> with byte).
    /// </summary>
    public void ReadFrame(int frame, Span<byte> destination)
    {
        CheckFrame(frame);
        if (Info.BitsAllocated == 1)
        {
            throw new DicomDataException("1-bit frames are not byte aligned; read them with GetFrame<byte>().");
        }

        if (destination.Length < Info.FrameLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; a frame has {Info.FrameLength}.", nameof(destination));
        }

        var dest = destination[..(int)Info.FrameLength];
        if (_pixels is DicomFragmentSequence fragments)
        {
            var codec = (_codecs ?? throw new DicomCodecNotAvailableException(TransferSyntax, "No codec registry was given.")).Get(TransferSyntax);
            var parts = FrameFragments(fragments)[frame].Select(i => fragments.Fragments[i].GetMemory()).ToList();
            codec.Decode(Info, parts, dest);
            return;
        }

        var element = (DicomElement)_pixels;
        if (_isSubsampled422)
        {
            var stored = new byte[_storedFrameLength];
            element.Buffer.Read(frame * _storedFrameLength, stored);
            for (int i = 0, o = 0; i + 3 < stored.Length; i += 4, o += 6)
            {
                // Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr
                dest[o] = stored[i];
                dest[o + 1] = stored[i + 2];
                dest[o + 2] = stored[i + 3];
                dest[o + 3] = stored[i + 1];
                dest[o + 4] = stored[i + 2];
                dest[o + 5] = stored[i + 3];
            }

            return;
        }

        if (Info.PlanarConfiguration == 1 && Info.SamplesPerPixel > 1)
        {
            var planar = new byte[Info.FrameLength];
            element.Buffer.Read(frame * Info.FrameLength, planar);
            PixelLayout.PlanarToInterleaved(planar, dest, Info);
        }
        else
        {
            element.Buffer.Read(frame * Info.FrameLength, dest);
        }

        if (!TransferSyntax.IsLittleEndian)
        {
            FixBigEndianUnits(dest, element.VR.ValueSize);
        }
    }

    /// <summary>One frame as native bytes (see <see cref="ReadFrame"/>).</summary>
    public byte[] GetFrameBytes(int frame)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)Info.FrameLength));
        ReadFrame(frame, bytes);
        return bytes;
    }

    /// <summary>
    /// One frame as values of <typeparamref name="T"/> (byte/sbyte for 8 bits, ushort/short for 16, uint/int/float for 32),
    /// samples interleaved; bits above Bits Stored are cleared, or filled with the sign for signed data.
    /// 1-bit frames (segmentations) come unpacked as one byte (0 or 1) per pixel.
    /// </summary>
    public T[] GetFrame<T>(int frame)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (Info.BitsAllocated == 1 && size == 1)
        {
            return MemoryMarshal.Cast<byte, T>(UnpackBits(frame)).ToArray();
        }

        if (size * 8 != Info.BitsAllocated)
        {
            throw new DicomDataException($"Frames have {Info.BitsAllocated} bits per sample; {typeof(T).Name} has {size * 8}.");
        }

        var bytes = GetFrameBytes(frame);
        FixUnusedBits(bytes);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <summary>One grayscale frame as real values: stored value * RescaleSlope + RescaleIntercept (Hounsfield units for CT).</summary>
    public float[] GetFrameRescaled(int frame)
    {
        var result = new float[Info.PixelCount * Info.SamplesPerPixel];
        GetFrameRescaled(frame, result);
        return result;
    }

    /// <summary>Writes one frame's rescaled values into <paramref name="destination"/>.</summary>
    public void GetFrameRescaled(int frame, Span<float> destination)
    {
        var count = (int)(Info.PixelCount * Info.SamplesPerPixel);
        if (destination.Length < count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; a frame has {count}.", nameof(destination));
        }

        if (Info.BitsAllocated == 1)
        {
            var bits = UnpackBits(frame);
            for (var i = 0; i < count; i++)
            {
                destination[i] = (float)((bits[i] * RescaleSlope) + RescaleIntercept);
            }

            return;
        }

        // Fast path: a native little endian frame already in memory is rescaled where it lies, without a copy.
        ReadOnlySpan<byte> bytes;
        byte[]? rented = null;
        if (_pixels is DicomElement { Buffer.IsInMemory: true } inMemory && TransferSyntax.IsLittleEndian && !_isSubsampled422
            && Info.PlanarConfiguration == 0 && Info.BitsStored == Info.BitsAllocated)
        {
            CheckFrame(frame);
            bytes = inMemory.Buffer.GetMemory().Span.Slice((int)(frame * Info.FrameLength), (int)Info.FrameLength);
        }
        else
        {
            // A pooled buffer: reading a series must not allocate a large array per slice (each one is a
            // fresh large-object-heap block, paid for in page faults).
            rented = System.Buffers.ArrayPool<byte>.Shared.Rent(checked((int)Info.FrameLength));
            var copy = rented.AsSpan(0, (int)Info.FrameLength);
            ReadFrame(frame, copy);
            FixUnusedBits(copy);
            bytes = copy;
        }

        var slope = (float)RescaleSlope;
        var intercept = (float)RescaleIntercept;
        switch (Info.BitsAllocated, Info.IsSigned)
        {
            case (8, false): Rescale(bytes, destination, slope, intercept); break;
            case (8, true): Rescale(MemoryMarshal.Cast<byte, sbyte>(bytes), destination, slope, intercept); break;
            case (16, false): PixelRescale.Rescale16(MemoryMarshal.Cast<byte, ushort>(bytes), destination, slope, intercept); break;
            case (16, true): PixelRescale.Rescale16(MemoryMarshal.Cast<byte, short>(bytes), destination, slope, intercept); break;
            case (32, false): Rescale(MemoryMarshal.Cast<byte, uint>(bytes), destination, slope, intercept); break;
            case (32, true): Rescale(MemoryMarshal.Cast<byte, int>(bytes), destination, slope, intercept); break;
            default: throw new DicomDataException($"Rescaling {Info.BitsAllocated}-bit data is not supported.");
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Rescale<T>(ReadOnlySpan<T> src, Span<float> dst, float slope, float intercept)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (slope == 1f && intercept == 0f)
        {
            for (var i = 0; i < src.Length; i++)
            {
                dst[i] = float.CreateTruncating(src[i]);
            }

            return;
        }

        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (float.CreateTruncating(src[i]) * slope) + intercept;
        }
    }

    private void FixUnusedBits(Span<byte> bytes)
    {
        var stored = Info.BitsStored;
        switch (Info.BitsAllocated)
        {
            case 16 when stored < 16:
                var v16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                var shift16 = 16 - stored;
                for (var i = 0; i < v16.Length; i++)
                {
                    v16[i] = Info.IsSigned ? (ushort)((short)(v16[i] << shift16) >> shift16) : (ushort)(v16[i] & ((1 << stored) - 1));
                }

                break;
            case 8 when stored < 8:
                var shift8 = 8 - stored;
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = Info.IsSigned ? (byte)((sbyte)(bytes[i] << shift8) >> shift8) : (byte)(bytes[i] & ((1 << stored) - 1));
                }

                break;
            case 32 when stored < 32:
                var v32 = MemoryMarshal.Cast<byte, uint>(bytes);
                var shift32 = 32 - stored;
                for (var i = 0; i < v32.Length; i++)
                {
                    v32[i] = Info.IsSigned ? (uint)((int)(v32[i] << shift32) >> shift32) : v32[i] & (uint)((1L << stored) - 1);
                }

                break;
        }
    }

    private byte[] UnpackBits(int frame)
    {
        CheckFrame(frame);
        if (_pixels is not DicomElement element)
        {
            throw new DicomDataException("Encapsulated 1-bit pixel data is not supported.");
        }

        var count = Info.PixelCount * Info.SamplesPerPixel;
        var firstBit = frame * count;
        var firstByte = firstBit / 8;
        var lastByte = (firstBit + count + 7) / 8;
        if (lastByte > element.Length)
        {
            throw new DicomDataException($"Pixel Data holds {element.Length} bytes; frame {frame} of 1-bit data needs {lastByte}.");
        }

        var packed = new byte[lastByte - firstByte];
        element.Buffer.Read(firstByte, packed);
        var result = new byte[count];
        var bit = (int)(firstBit % 8);
        for (long i = 0; i < count; i++, bit++)
        {
            result[i] = (byte)((packed[bit >> 3] >> (bit & 7)) & 1); // DICOM packs the first pixel in the lowest bit
        }

        return result;
    }

    // The reader swapped big endian values by the VR's unit (2 bytes for OW, none for OB); samples wider or
    // narrower than that unit need the swap redone with the sample size.
    private void FixBigEndianUnits(Span<byte> bytes, int vrUnit)
    {
        var bps = Info.BytesPerSample;
        if (bps == Math.Max(vrUnit, 1))
        {
            return;
        }

        if (vrUnit > 1)
        {
            for (var i = 0; i + vrUnit <= bytes.Length; i += vrUnit)
            {
                bytes.Slice(i, vrUnit).Reverse();
            }
        }

        if (bps > 1)
        {
            for (var i = 0; i + bps <= bytes.Length; i += bps)
            {
                bytes.Slice(i, bps).Reverse();
            }
        }
    }

    private void CheckFrame(int frame)
    {
        if (frame < 0 || frame >= NumberOfFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), $"Frame {frame} of {NumberOfFrames}.");
        }
    }

    // Which fragments make each frame: the basic offset table when present, one fragment per frame when the
    // counts agree, all fragments for a single frame, else a new frame at each JPEG/JPEG 2000 start marker.
    private List<int[]> FrameFragments(DicomFragmentSequence seq)
    {
        if (_frameFragments is not null)
        {
            return _frameFragments;
        }

        var n = seq.Fragments.Count;
        var result = new List<int[]>();
        var offsets = seq.OffsetTable.Length > 0 ? seq.GetOffsets() : [];
        if (NumberOfFrames == 1)
        {
            result.Add(Enumerable.Range(0, n).ToArray());
        }
        else if (offsets.Length == NumberOfFrames)
        {
            var starts = new long[n];
            long pos = 0;
            for (var i = 0; i < n; i++)
            {
                starts[i] = pos;
                pos += 8 + seq.Fragments[i].Length;
            }

            for (var f = 0; f < NumberOfFrames; f++)
            {
                long end = f + 1 < NumberOfFrames ? offsets[f + 1] : long.MaxValue;
                result.Add(Enumerable.Range(0, n).Where(i => starts[i] >= offsets[f] && starts[i] < end).ToArray());
            }
        }
        else if (n == NumberOfFrames)
        {
            result.AddRange(Enumerable.Range(0, n).Select(i => new[] { i }));
        }
        else
        {
            var current = new List<int>();
            Span<byte> head = stackalloc byte[2];
            for (var i = 0; i < n; i++)
            {
                head.Clear();
                if (seq.Fragments[i].Length >= 2)
                {
                    seq.Fragments[i].Read(0, head);
                }

                var isStart = BinaryPrimitives.ReadUInt16BigEndian(head) is 0xFFD8 or 0xFF4F;
                if (isStart && current.Count > 0)
                {
                    result.Add([.. current]);
                    current.Clear();
                }

                current.Add(i);
            }

            if (current.Count > 0)
            {
                result.Add([.. current]);
            }
        }

        if (result.Count != NumberOfFrames || result.Any(r => r.Length == 0))
        {
            throw new DicomDataException($"Cannot tell which of the {n} fragments belong to each of the {NumberOfFrames} frames.");
        }

        _frameFragments = result;
        return result;
    }
}
