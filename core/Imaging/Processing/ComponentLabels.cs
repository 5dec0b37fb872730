// The result of connected-component labelling: one id per voxel, with each component's size and value.
namespace PacsSeg.Imaging.Processing;

public sealed class ComponentLabels<T> where T : unmanaged
{
    internal ComponentLabels(Volume<int> ids, long[] sizes, T[] values)
    {
        Ids = ids;
        Sizes = sizes;
        Values = values;
    }

    /// <summary>Component id of each voxel: 0 for background, 1..Count for components.</summary>
    public Volume<int> Ids { get; }

    public int Count => Sizes.Count;

    /// <summary>Voxel count of component id, at index id - 1.</summary>
    public IReadOnlyList<long> Sizes { get; }

    /// <summary>The input value (label) of component id, at index id - 1.</summary>
    public IReadOnlyList<T> Values { get; }
}
