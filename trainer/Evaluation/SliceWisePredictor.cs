// 2D inference for evaluation: every slice of a volume through the network at native size (padded to
// the network's size divisor), argmax, stacked back onto the image's grid. SSL4MIS resizes slices to
// 256x256 with nearest neighbours instead; at the plan's own size the two agree.
using PacsSeg.Imaging;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>Slice-wise label prediction with a 2D network.</summary>
public static class SliceWisePredictor
{
    public static Volume<byte> Predict(SegmentationNetwork network, Volume<float> image, IntensityNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalization);
        if (network.SpatialDimensions != 2)
            throw new ArgumentException("Slice-wise prediction needs a 2D network.", nameof(network));
        var volume = (float[])image.Voxels.Clone();
        normalization.Apply(volume);
        int nx = image.SizeX, ny = image.SizeY, plane = nx * ny;
        long divisor = network.SizeDivisor;
        int px = (int)((nx + divisor - 1) / divisor * divisor), py = (int)((ny + divisor - 1) / divisor * divisor);
        var labels = new byte[volume.Length];
        bool wasTraining = network.IsTraining;
        network.Eval();
        try
        {
            using var noGrad = Autograd.NoGrad();
            for (int k = 0; k < image.SizeZ; k++)
            {
                using var scope = DisposeScope.Enter();
                var padded = new float[px * py];
                for (int j = 0; j < ny; j++)
                    volume.AsSpan(k * plane + j * nx, nx).CopyTo(padded.AsSpan(j * px, nx));
                var output = network.Forward(Tensor.FromArray(padded, 1, 1, py, px));
                var argmax = output.Logits.ArgMax(1).ToArray<long>();
                for (int j = 0; j < ny; j++)
                    for (int i = 0; i < nx; i++)
                        labels[k * plane + j * nx + i] = (byte)argmax[j * px + i];
            }
        }
        finally
        {
            network.Train(wasTraining);
        }
        return new Volume<byte>(image.Geometry, labels);
    }
}
