namespace PacsSeg.Trainer.Phantoms;

/// <summary>How much cases differ beyond anatomy (cardiac phantom).</summary>
public enum PhantomVariation
{
    /// <summary>One scanner and protocol: fixed noise, bias and blur levels; a 2D case is a mid-ventricular slice.</summary>
    Standard,

    /// <summary>
    /// Many scanners and the whole short axis, as a hospital's archive holds: per case the noise level, bias
    /// field, blur, tissue contrast (a gamma curve) and, in 2D, the slice position from base to apex vary, so a
    /// few labeled cases cover only part of what the unlabeled pool and the test cases show.
    /// </summary>
    Wide,
}
