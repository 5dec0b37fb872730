namespace PacsSeg.Trainer.Planning;

/// <summary>How image intensities are normalised before they reach the network.</summary>
public enum NormalizationScheme
{
    /// <summary>Per image to [0, 1] by its min and max (SSL4MIS/BCP/SPC ACDC; style blending expects [0, 1]).</summary>
    MinMaxPerImage,

    /// <summary>Per image z-score (nnU-Net's default for MR).</summary>
    ZScorePerImage,

    /// <summary>Clip to the foreground 0.5/99.5 percentiles, then z-score with the foreground mean and std (nnU-Net CT).</summary>
    CtClipZScore,
}
