using System.Globalization;

namespace PacsSeg.Plugin.Inference;

/// <summary>Orders model versions: "1.10" sorts after "1.9" (numeric parts compare as numbers, the rest ordinally).</summary>
public sealed class ModelVersionComparer : IComparer<string>
{
    public static readonly ModelVersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = (x ?? "").Split('.', '_');
        var b = (y ?? "").Split('.', '_');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int c = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out long na) && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out long nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
                return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
