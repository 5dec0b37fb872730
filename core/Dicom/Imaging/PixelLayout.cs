// Rearranging samples between planar (RR..GG..BB..) and interleaved (RGBRGB..) layouts.
namespace PacsSeg.Dicom.Imaging;

internal static class PixelLayout
{
    public static void PlanarToInterleaved(ReadOnlySpan<byte> planar, Span<byte> interleaved, DicomFrameInfo info)
    {
        var pixels = (int)info.PixelCount;
        var bps = info.BytesPerSample;
        var samples = info.SamplesPerPixel;
        for (var s = 0; s < samples; s++)
        {
            var plane = planar.Slice(s * pixels * bps, pixels * bps);
            for (var p = 0; p < pixels; p++)
            {
                plane.Slice(p * bps, bps).CopyTo(interleaved.Slice(((p * samples) + s) * bps, bps));
            }
        }
    }
}
