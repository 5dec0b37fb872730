namespace PacsSeg.Trainer.Planning;

/// <summary>The learning-rate schedules of the reference repositories (SPEC 1.2).</summary>
public enum LearningRateSchedule
{
    /// <summary>lr0 (1 − t/T)^0.9 (SSL4MIS, PCCS).</summary>
    Poly,

    /// <summary>lr0 · 0.1^⌊t/2500⌋ (UA-MT LA, AUA, MCF/DualNet, BCP-LA).</summary>
    Step,

    /// <summary>Never changes (BCP-ACDC, SPC).</summary>
    Constant,
}
