// The base of every layer and network: named parameters, buffers and sub-modules, train/eval mode,
// state dicts (PyTorch's dotted names, so weights exchange with PyTorch through safetensors).
namespace PacsSeg.Torch.NN;

public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> parameters = new();
    private readonly List<(string Name, Tensor Tensor)> buffers = new();
    private readonly List<(string Name, Module Module)> children = new();
    private bool disposed;

    /// <summary>Whether the module is in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Registers a trainable tensor under <paramref name="name"/>; the module owns it from now on.</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        if (!tensor.RequiresGrad)
            tensor.RequiresGrad = true;
        parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>
    /// Registers "weight" (and "bias" when <paramref name="bias"/>) with PyTorch's default initialization of linear and
    /// convolution layers: Kaiming-uniform weight with a = √5, bias uniform in ±1/√fan_in.
    /// </summary>
    protected (Tensor Weight, Tensor? Bias) RegisterWeightAndBias(long[] weightShape, long biasSize, bool bias)
    {
        var weight = RegisterParameter("weight", Tensor.Empty(weightShape));
        Init.KaimingUniform(weight, Math.Sqrt(5));
        if (!bias)
            return (weight, null);
        double bound = 1 / Math.Sqrt(Init.Fans(weight).FanIn);
        var b = RegisterParameter("bias", Tensor.Empty([biasSize]));
        Init.Uniform(b, -bound, bound);
        return (weight, b);
    }

    /// <summary>Registers a state tensor that is saved but not trained (running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        buffers.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a child module; its names get the prefix "<paramref name="name"/>.".</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"Invalid member name '{name}'.", nameof(name));
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}.", nameof(name));
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>All parameters, depth first, with PyTorch's dotted names.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters(string prefix = "")
    {
        foreach (var (n, t) in parameters)
            yield return (prefix + n, t);
        foreach (var (n, m) in children)
            foreach (var p in m.NamedParameters(prefix + n + "."))
                yield return p;
    }

    public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers(string prefix = "")
    {
        foreach (var (n, t) in buffers)
            yield return (prefix + n, t);
        foreach (var (n, m) in children)
            foreach (var b in m.NamedBuffers(prefix + n + "."))
                yield return b;
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>Parameters then buffers, by name: the tensors themselves (do not dispose them).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (n, t) in NamedParameters())
            d[n] = t;
        foreach (var (n, t) in NamedBuffers())
            d[n] = t;
        return d;
    }

    /// <summary>Copies values into this module's tensors, checking names, shapes and types. With
    /// <paramref name="strict"/>, a missing or unexpected name is an error.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        if (strict)
        {
            var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new TorchException("module.load_state_dict",
                    $"{GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }
        using var noGrad = Autograd.NoGrad();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source))
                continue;
            long[] a = target.Shape, b = source.Shape;
            if (!a.SequenceEqual(b))
                throw new TorchException("module.load_state_dict",
                    $"'{name}' has shape {Tensor.FormatShape(b)}, the module expects {Tensor.FormatShape(a)}");
            if (source.Dtype != target.Dtype)
                throw new TorchException("module.load_state_dict",
                    $"'{name}' holds {source.Dtype}, the module expects {target.Dtype}");
            target.CopyInPlace(source);
        }
    }

    /// <summary>Training mode on (or off) for this module and all below it.</summary>
    public Module Train(bool on = true)
    {
        IsTraining = on;
        foreach (var (_, m) in children)
            m.Train(on);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Moves every parameter and buffer to <paramref name="device"/>, keeping their identity.</summary>
    public Module To(Device device)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var t in NamedParameters().Concat(NamedBuffers()).Select(p => p.Tensor))
        {
            using var moved = t.To(device);
            t.SetData(moved);
        }
        return this;
    }

    /// <summary>Clears the parameters' gradients (to zeros, or to none).</summary>
    public void ZeroGrad(bool setToNone = false) => Optim.Optimizer.ZeroGradients(Parameters().ToArray(), setToNone);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
            return;
        disposed = true;
        foreach (var (_, t) in parameters)
            t.Dispose();
        foreach (var (_, t) in buffers)
            t.Dispose();
        foreach (var (_, m) in children)
            m.Dispose();
    }
}
