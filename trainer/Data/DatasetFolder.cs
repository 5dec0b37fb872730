// A dataset folder in nnU-Net's layout. Images without a label in imagesTr are the unlabeled pool;
// labelsUnlabeled/ (PacsSeg's addition, optional) keeps the labels of that pool aside for the
// full-label upper bound of a benchmark, and is never read by semi-supervised training.
using PacsSeg.Imaging;
using PacsSeg.Imaging.IO.Nifti;

namespace PacsSeg.Trainer.Data;

/// <summary>The cases of a dataset folder and access to their images and labels.</summary>
public sealed class DatasetFolder
{
    public const string DescriptionFile = "dataset.json";
    public const string ImagesTr = "imagesTr";
    public const string LabelsTr = "labelsTr";
    public const string ImagesTs = "imagesTs";
    public const string LabelsTs = "labelsTs";
    public const string LabelsUnlabeled = "labelsUnlabeled";
    private const string ChannelSuffix = "_0000";

    private DatasetFolder(string root, DatasetDescription description, IReadOnlyList<DatasetCase> cases)
    {
        Root = root;
        Description = description;
        Cases = cases;
    }

    public string Root { get; }
    public DatasetDescription Description { get; }
    public IReadOnlyList<DatasetCase> Cases { get; }

    public IEnumerable<DatasetCase> Labeled => Cases.Where(c => c.Role == CaseRole.Labeled);
    public IEnumerable<DatasetCase> Unlabeled => Cases.Where(c => c.Role == CaseRole.Unlabeled);
    public IEnumerable<DatasetCase> Test => Cases.Where(c => c.Role == CaseRole.Test);

    /// <summary>Number of labels including background.</summary>
    public int ClassCount => Description.ClassNamesById().Count;

    public static DatasetFolder Load(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
            throw new DatasetFormatException($"Dataset folder {root} does not exist.");
        var description = StageJson.Read<DatasetDescription>(Path.Combine(root, DescriptionFile));
        if (!description.Labels.TryGetValue("background", out int background) || background != 0)
            throw new DatasetFormatException("dataset.json must map \"background\" to 0.");
        if (description.Labels.Values.Any(v => v < 0 || v > 255))
            throw new DatasetFormatException("Label ids must be in 0..255.");
        string ending = description.FileEnding;
        if (ending is not (".nii.gz" or ".nii"))
            throw new DatasetFormatException($"File ending {ending} is not supported (.nii.gz or .nii).");

        var cases = new List<DatasetCase>();
        foreach (var (images, labels, trainingSplit) in new[] { (ImagesTr, LabelsTr, true), (ImagesTs, LabelsTs, false) })
        {
            string dir = Path.Combine(root, images);
            if (!Directory.Exists(dir))
            {
                if (trainingSplit)
                    throw new DatasetFormatException($"{images}/ is missing in {root}.");
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(dir, "*" + ChannelSuffix + ending).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                string id = name[..^(ChannelSuffix.Length + ending.Length)];
                if (!IsValidId(id))
                    throw new DatasetFormatException($"Case file {name} has an id that is not [A-Za-z0-9_-]+.");
                string labelRelative = Path.Combine(labels, id + ending);
                bool labeled = File.Exists(Path.Combine(root, labelRelative));
                var role = trainingSplit ? (labeled ? CaseRole.Labeled : CaseRole.Unlabeled) : CaseRole.Test;
                cases.Add(new DatasetCase(id, role, Path.Combine(images, name), labeled ? labelRelative : null));
            }
        }
        if (!cases.Any(c => c.Role == CaseRole.Labeled))
            throw new DatasetFormatException($"{root} has no labeled training case ({ImagesTr}/ID_0000{ending} with {LabelsTr}/ID{ending}).");
        return new DatasetFolder(Path.GetFullPath(root), description, cases);
    }

    public Volume<float> ReadImage(DatasetCase item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return NiftiReader.ReadVolume<float>(Path.Combine(Root, item.ImagePath));
    }

    /// <summary>The label map of a labeled or test case, checked against the image grid and the label ids.</summary>
    public Volume<byte> ReadLabel(DatasetCase item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.LabelPath is null)
            throw new DatasetFormatException($"Case {item.Id} has no label.");
        return ReadCheckedLabel(item, Path.Combine(Root, item.LabelPath));
    }

    /// <summary>The kept-aside label of an unlabeled case (labelsUnlabeled/), or null when there is none.</summary>
    public Volume<byte>? ReadHeldOutLabel(DatasetCase item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string path = Path.Combine(Root, LabelsUnlabeled, item.Id + Description.FileEnding);
        return File.Exists(path) ? ReadCheckedLabel(item, path) : null;
    }

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 128 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-');

    public static string ImageFileName(string id, string ending) => id + ChannelSuffix + ending;

    private Volume<byte> ReadCheckedLabel(DatasetCase item, string path)
    {
        var label = NiftiReader.ReadVolume<byte>(path);
        var header = NiftiReader.ReadHeader(Path.Combine(Root, item.ImagePath));
        if (label.SizeX != header.SizeX || label.SizeY != header.SizeY || label.SizeZ != header.SizeZ)
            throw new DatasetFormatException($"Label of case {item.Id} is {label.SizeX}x{label.SizeY}x{label.SizeZ}, its image is not.");
        int classes = ClassCount;
        foreach (byte v in label.Voxels)
        {
            if (v >= classes)
                throw new DatasetFormatException($"Label of case {item.Id} holds id {v}; dataset.json declares {classes} labels.");
        }
        return label;
    }
}
