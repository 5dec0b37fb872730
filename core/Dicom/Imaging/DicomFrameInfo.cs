namespace PacsSeg.Dicom.Imaging;

/// <summary>The Image Pixel module attributes that say how a frame's bytes are laid out.</summary>
/// <param name="Rows">Rows (0028,0010).</param>
/// <param name="Columns">Columns (0028,0011).</param>
/// <param name="SamplesPerPixel">Samples per pixel (0028,0002).</param>
/// <param name="BitsAllocated">Bits allocated (0028,0100).</param>
/// <param name="BitsStored">Bits stored (0028,0101).</param>
/// <param name="IsSigned">Pixel representation (0028,0103) is 1.</param>
/// <param name="PlanarConfiguration">Planar configuration (0028,0006): 0 = RGBRGB..., 1 = RR..GG..BB...</param>
/// <param name="PhotometricInterpretation">Photometric interpretation (0028,0004).</param>
public sealed record DicomFrameInfo(int Rows, int Columns, int SamplesPerPixel, int BitsAllocated, int BitsStored, bool IsSigned, int PlanarConfiguration, string PhotometricInterpretation)
{
    /// <summary>Bytes per sample (BitsAllocated rounded up to bytes; 1-bit frames are packed, see <see cref="FrameLength"/>).</summary>
    public int BytesPerSample => (BitsAllocated + 7) / 8;

    /// <summary>Pixels per frame.</summary>
    public long PixelCount => (long)Rows * Columns;

    /// <summary>Bytes of one native frame (for 1-bit data, packed bits rounded up to whole bytes).</summary>
    public long FrameLength => BitsAllocated == 1
        ? (PixelCount * SamplesPerPixel + 7) / 8
        : PixelCount * SamplesPerPixel * BytesPerSample;
}
