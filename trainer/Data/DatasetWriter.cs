// Writes a dataset folder case by case, then dataset.json with the counts of what was written.
using PacsSeg.Imaging;
using PacsSeg.Imaging.IO.Nifti;

namespace PacsSeg.Trainer.Data;

/// <summary>Creates a dataset folder in nnU-Net's layout.</summary>
public sealed class DatasetWriter
{
    private readonly string _root;
    private readonly DatasetDescription _description;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int _labeled, _unlabeled, _test;

    /// <summary>Starts a dataset in <paramref name="root"/>, which must be missing or empty.</summary>
    public DatasetWriter(string root, DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(description);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"{root} is not empty; a dataset is written into a new or empty folder.");
        _root = root;
        _description = description;
        foreach (string dir in new[] { DatasetFolder.ImagesTr, DatasetFolder.LabelsTr, DatasetFolder.ImagesTs, DatasetFolder.LabelsTs })
            Directory.CreateDirectory(Path.Combine(root, dir));
    }

    /// <summary>
    /// Adds a case. A labeled case needs its label; an unlabeled case may bring one, which is kept aside in
    /// labelsUnlabeled/ (for a full-label upper bound only); a test case's label goes to labelsTs/.
    /// </summary>
    public void Add(string id, CaseRole role, Volume<float> image, Volume<byte>? label)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!DatasetFolder.IsValidId(id))
            throw new ArgumentException($"Case id '{id}' is not [A-Za-z0-9_-]+ (at most 128 characters).", nameof(id));
        if (!_ids.Add(id))
            throw new ArgumentException($"Case id '{id}' is already in the dataset.", nameof(id));
        if (role == CaseRole.Labeled && label is null)
            throw new ArgumentException($"Labeled case '{id}' needs a label.", nameof(label));
        if (label is not null && !label.Geometry.SameGridAs(image.Geometry))
            throw new ArgumentException($"Label of case '{id}' is not on its image's grid.", nameof(label));

        string ending = _description.FileEnding;
        string imageDir = role == CaseRole.Test ? DatasetFolder.ImagesTs : DatasetFolder.ImagesTr;
        NiftiWriter.Write(Path.Combine(_root, imageDir, DatasetFolder.ImageFileName(id, ending)), image);
        if (label is not null)
        {
            string labelDir = role switch
            {
                CaseRole.Labeled => DatasetFolder.LabelsTr,
                CaseRole.Test => DatasetFolder.LabelsTs,
                _ => DatasetFolder.LabelsUnlabeled,
            };
            Directory.CreateDirectory(Path.Combine(_root, labelDir));
            NiftiWriter.Write(Path.Combine(_root, labelDir, id + ending), label);
        }
        switch (role)
        {
            case CaseRole.Labeled: _labeled++; break;
            case CaseRole.Unlabeled: _unlabeled++; break;
            default: _test++; break;
        }
    }

    /// <summary>Writes dataset.json; the folder is a dataset once this returns.</summary>
    public DatasetDescription Complete()
    {
        var description = _description with
        {
            NumTraining = _labeled + _unlabeled,
            NumLabeled = _labeled,
            NumUnlabeled = _unlabeled,
            NumTest = _test,
        };
        StageJson.Write(Path.Combine(_root, DatasetFolder.DescriptionFile), description);
        return description;
    }
}
