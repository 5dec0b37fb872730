namespace PacsSeg.Torch;

/// <summary>A libtorch operation failed: bad shapes, dtypes or devices, or a native error. The message
/// names the operation and its argument shapes.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string operation, string message)
        : base($"{operation}: {message}") => Operation = operation;

    /// <summary>A message that already names the operation (the dispatcher's "op(arguments): reason").</summary>
    internal TorchException(string operation, string message, bool prefixed)
        : base(prefixed ? message : $"{operation}: {message}") => Operation = operation;

    public TorchException(string message) : base(message) => Operation = "";

    public TorchException(string message, Exception inner) : base(message, inner) => Operation = "";

    public TorchException() : base("libtorch operation failed") => Operation = "";

    /// <summary>The operation that failed, e.g. <c>aten::conv2d</c>.</summary>
    public string Operation { get; }
}
