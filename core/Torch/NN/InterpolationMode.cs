namespace PacsSeg.Torch.NN;

public enum InterpolationMode
{
    Nearest,
    Linear,
}
