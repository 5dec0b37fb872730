namespace PacsSeg.Trainer.Data;

/// <summary>One case of a dataset folder: its id, role and files (paths relative to the dataset root).</summary>
public sealed record DatasetCase(string Id, CaseRole Role, string ImagePath, string? LabelPath)
{
    public bool HasLabel => LabelPath is not null;
}
