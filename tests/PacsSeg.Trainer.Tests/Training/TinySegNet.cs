using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Tests.Training;

/// <summary>A small fully convolutional 2D network: enough to learn the phantom's classes in a few steps.</summary>
internal sealed class TinySegNet : SegmentationNetwork
{
    private readonly Conv _conv1, _conv2, _head;
    private readonly BatchNorm _bn1, _bn2;

    public TinySegNet(int classes, int width = 8)
        : base(2, 1, classes)
    {
        _conv1 = RegisterModule("conv1", Nn.Conv2d(1, width, 3, padding: 1));
        _bn1 = RegisterModule("bn1", Nn.BatchNorm2d(width));
        _conv2 = RegisterModule("conv2", Nn.Conv2d(width, width, 3, padding: 2, dilation: 2));
        _bn2 = RegisterModule("bn2", Nn.BatchNorm2d(width));
        _head = RegisterModule("head", Nn.Conv2d(width, classes, 1));
    }

    public override NetworkOutput Forward(Tensor input)
    {
        var x = _bn1.Forward(_conv1.Forward(input)).Relu();
        x = _bn2.Forward(_conv2.Forward(x)).Relu();
        return new NetworkOutput(_head.Forward(x), x, []);
    }
}
