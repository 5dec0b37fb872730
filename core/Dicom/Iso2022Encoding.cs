// Decoding of ISO 2022 code extensions (PS3.5 6.1.2.5): each escape sequence designates the character set
// of the bytes that follow it, so a value is decoded run by run with the encoding its escape names.
using System.Text;

namespace PacsSeg.Dicom;

/// <summary>An encoding for Specific Character Sets with code extensions (e.g. "\ISO 2022 IR 149", "ISO 2022 IR 6\ISO 2022 IR 87").</summary>
public sealed class Iso2022Encoding : Encoding
{
    private readonly Encoding _initial;

    /// <summary>Creates the encoding; <paramref name="initial"/> decodes bytes before any escape sequence and encodes text.</summary>
    public Iso2022Encoding(Encoding initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _initial = initial;
    }

    /// <inheritdoc/>
    public override int GetByteCount(char[] chars, int index, int count) => _initial.GetByteCount(chars, index, count);

    /// <inheritdoc/>
    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
        => _initial.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    /// <inheritdoc/>
    public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count)).Length;

    /// <inheritdoc/>
    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var s = Decode(bytes.AsSpan(byteIndex, byteCount));
        s.CopyTo(0, chars, charIndex, s.Length);
        return s.Length;
    }

    /// <inheritdoc/>
    public override string GetString(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count));

    /// <inheritdoc/>
    public override int GetMaxByteCount(int charCount) => _initial.GetMaxByteCount(charCount);

    /// <inheritdoc/>
    public override int GetMaxCharCount(int byteCount) => byteCount;

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var current = _initial;
        var escape = ReadOnlySpan<byte>.Empty;
        var runStart = 0;
        var i = 0;
        while (i <= bytes.Length)
        {
            if (i == bytes.Length || bytes[i] == 0x1B)
            {
                AppendRun(sb, current, escape, bytes[runStart..i]);
                if (i == bytes.Length)
                {
                    break;
                }

                var len = EscapeLength(bytes[i..]);
                escape = bytes.Slice(i, len);
                current = ForEscape(escape) ?? current;
                i += len;
                runStart = i;
                continue;
            }

            i++;
        }

        return sb.ToString();
    }

    private static void AppendRun(StringBuilder sb, Encoding encoding, ReadOnlySpan<byte> escape, ReadOnlySpan<byte> run)
    {
        if (run.IsEmpty)
        {
            return;
        }

        if (encoding.CodePage == 50220)
        {
            // The JIS decoder needs to see the escape that switched it to two-byte mode.
            var withEscape = new byte[escape.Length + run.Length];
            escape.CopyTo(withEscape);
            run.CopyTo(withEscape.AsSpan(escape.Length));
            sb.Append(encoding.GetString(withEscape));
            return;
        }

        sb.Append(encoding.GetString(run));
    }

    // ESC, then intermediate bytes 0x20-0x2F, then one final byte.
    private static int EscapeLength(ReadOnlySpan<byte> s)
    {
        var n = 1;
        while (n < s.Length && s[n] >= 0x20 && s[n] <= 0x2F)
        {
            n++;
        }

        return Math.Min(n + 1, s.Length);
    }

    private static Encoding? ForEscape(ReadOnlySpan<byte> e)
    {
        var key = Latin1.GetString(e[1..]);
        var cp = key switch
        {
            "(B" or "(J" => 28591,
            ")I" => 932,
            "$B" or "$@" or "$(D" => 50220,
            "$)C" => 51949,
            "$)A" => 936,
            "-A" => 28591,
            "-B" => 28592,
            "-C" => 28593,
            "-D" => 28594,
            "-L" => 28595,
            "-G" => 28596,
            "-F" => 28597,
            "-H" => 28598,
            "-M" => 28599,
            "-T" => 874,
            _ => 0,
        };
        return cp == 0 ? null : GetEncoding(cp);
    }
}
