// The benchmarks' "--name value" arguments: pairs checked, and a value that is not a number named with its argument.
namespace PacsSeg.Benchmarks;

internal static class BenchmarkArguments
{
    /// <summary>Folds <paramref name="args"/> ("--name value" pairs) into <paramref name="initial"/> with
    /// <paramref name="apply"/>; a missing value or a value <paramref name="apply"/> cannot parse as a number becomes
    /// an <see cref="ArgumentException"/> that names the argument.</summary>
    public static T Parse<T>(string[] args, T initial, Func<T, string, string, T> apply)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(apply);
        if (args.Length % 2 != 0)
            throw new ArgumentException($"Arguments come in '--name value' pairs; '{args[^1]}' has no value.");
        var o = initial;
        for (int i = 0; i < args.Length; i += 2)
        {
            try
            {
                o = apply(o, args[i], args[i + 1]);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new ArgumentException($"'{args[i]}' needs a number, got '{args[i + 1]}'.");
            }
        }
        return o;
    }
}
