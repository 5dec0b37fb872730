namespace PacsSeg.Trainer.Data;

/// <summary>Where a case sits in the fixed split of a dataset folder.</summary>
public enum CaseRole
{
    /// <summary>imagesTr with a label in labelsTr.</summary>
    Labeled,

    /// <summary>imagesTr without a label: the unlabeled pool of semi-supervised training.</summary>
    Unlabeled,

    /// <summary>imagesTs (with its label in labelsTs when there is one): never trained on.</summary>
    Test,
}
