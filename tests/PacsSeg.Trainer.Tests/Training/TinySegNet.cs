using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Tests.Training;

/// <summary>A small fully convolutional 2D network: enough to learn the phantom's classes in a few steps.</summary>
internal sealed class TinySegNet : Module<Tensor, Tensor>
{
    private readonly Conv _conv1, _conv2, _head;
    private readonly BatchNorm _bn1, _bn2;

    public TinySegNet(int classes, int width = 8)
    {
        _conv1 = RegisterModule("conv1", Nn.Conv2d(1, width, 3, padding: 1));
        _bn1 = RegisterModule("bn1", Nn.BatchNorm2d(width));
        _conv2 = RegisterModule("conv2", Nn.Conv2d(width, width, 3, padding: 2, dilation: 2));
        _bn2 = RegisterModule("bn2", Nn.BatchNorm2d(width));
        _head = RegisterModule("head", Nn.Conv2d(width, classes, 1));
    }

    public override Tensor Forward(Tensor input)
    {
        var x = _bn1.Forward(_conv1.Forward(input)).Relu();
        x = _bn2.Forward(_conv2.Forward(x)).Relu();
        return _head.Forward(x);
    }
}
