using PacsSeg.Trainer.Data;

namespace PacsSeg.Trainer.Planning;

/// <summary>Size (x, y, z voxels) and spacing (mm) of one training case.</summary>
public sealed record CaseFingerprint(string Id, CaseRole Role, IReadOnlyList<int> Size, IReadOnlyList<double> Spacing);
