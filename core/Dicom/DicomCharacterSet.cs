// Specific Character Set (0008,0005) terms -> .NET encodings (PS3.3 C.12.1.1.2).
using System.Text;

namespace PacsSeg.Dicom;

/// <summary>Maps Specific Character Set defined terms to encodings.</summary>
public static class DicomCharacterSet
{
    // Latin-1 for the default repertoire: it decodes every byte, so a file that breaks the ASCII rule loses nothing.
    private static readonly Lazy<bool> ProviderRegistered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>The encoding for the values of (0008,0005); null or empty means the default repertoire.</summary>
    /// <exception cref="DicomDataException">A term no encoding of this platform can decode.</exception>
    public static Encoding GetEncoding(IReadOnlyList<string>? terms)
    {
        _ = ProviderRegistered.Value;
        if (terms is null || terms.Count == 0)
        {
            return Encoding.Latin1;
        }

        var normalized = terms.Select(t => t.Trim().ToUpperInvariant()).ToArray();

        // Code extensions: escape sequences switch character sets inside a value.
        if (normalized.Length > 1 || normalized[0].StartsWith("ISO 2022", StringComparison.Ordinal))
        {
            var first = CodePage(normalized[0]) ?? throw new DicomDataException($"Specific Character Set term '{normalized[0]}' is not known.");
            return new Iso2022Encoding(first == 0 ? Encoding.Latin1 : Encoding.GetEncoding(first));
        }

        foreach (var t in normalized)
        {
            var cp = CodePage(t);
            if (cp is null)
            {
                throw new DicomDataException($"Specific Character Set term '{t}' is not known.");
            }

            if (cp != 0)
            {
                return cp == 65001 ? new UTF8Encoding(false) : Encoding.GetEncoding(cp.Value);
            }
        }

        return Encoding.Latin1;
    }

    // 0 = default repertoire, null = unknown term.
    private static int? CodePage(string term) => term switch
    {
        "" or "ISO_IR 6" or "ISO 2022 IR 6" => 0,
        "ISO_IR 100" or "ISO 2022 IR 100" => 28591,
        "ISO_IR 101" or "ISO 2022 IR 101" => 28592,
        "ISO_IR 109" or "ISO 2022 IR 109" => 28593,
        "ISO_IR 110" or "ISO 2022 IR 110" => 28594,
        "ISO_IR 144" or "ISO 2022 IR 144" => 28595,
        "ISO_IR 127" or "ISO 2022 IR 127" => 28596,
        "ISO_IR 126" or "ISO 2022 IR 126" => 28597,
        "ISO_IR 138" or "ISO 2022 IR 138" => 28598,
        "ISO_IR 148" or "ISO 2022 IR 148" => 28599,
        "ISO_IR 203" or "ISO 2022 IR 203" => 28605,
        "ISO_IR 13" or "ISO 2022 IR 13" => 932,
        "ISO_IR 166" or "ISO 2022 IR 166" => 874,
        "ISO 2022 IR 58" => 936,
        "ISO_IR 192" => 65001,
        "GB18030" => 54936,
        "GBK" => 936,
        _ => null,
    };
}
