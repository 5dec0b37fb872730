namespace PacsSeg.Torch.NN;

public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}
