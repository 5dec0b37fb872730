namespace PacsSeg.Trainer.Phantoms;

/// <summary>Which phantom a dataset is made of.</summary>
public enum PhantomKind
{
    /// <summary>Single-slice cardiac-like MR images (2D training and evaluation).</summary>
    Cardiac2D,

    /// <summary>Short-axis cardiac-like MR stacks (thick slices).</summary>
    Cardiac3D,

    /// <summary>Abdominal-like CT volumes with one small organ.</summary>
    Abdominal3D,
}
