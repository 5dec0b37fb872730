// An indexed list of sub-modules, named "0", "1", ... as in PyTorch.
namespace PacsSeg.Torch.NN;

public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> items = new();

    public ModuleList(params T[] modules)
    {
        foreach (var m in modules)
            Add(m);
    }

    public int Count => items.Count;

    public T this[int index] => items[index];

    public void Add(T module)
    {
        RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
    }

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();
}
