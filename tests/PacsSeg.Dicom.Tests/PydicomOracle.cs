// pydicom as a second oracle: one /usr/bin/python3 process turns many files into PS3.18 JSON.
using System.Text.Json;

namespace PacsSeg.Dicom.Tests;

internal static class PydicomOracle
{
    private const string Script = """
        import sys, json, pydicom
        out = {}
        for p in sys.argv[1:]:
            try:
                ds = pydicom.dcmread(p, force=True)
                ts = ds.file_meta.get('TransferSyntaxUID') if hasattr(ds, 'file_meta') else None
                if 'PixelData' in ds and ts is not None and ts.is_compressed:
                    del ds.PixelData
                out[p] = ds.to_json_dict(bulk_data_threshold=1 << 30)
            except Exception as e:
                out[p] = {"error": repr(e)}
        print(json.dumps(out))
        """;

    /// <summary>Path -> JSON of each file as pydicom reads it (an object with "error" if pydicom failed).</summary>
    public static Dictionary<string, JsonElement> ToJson(IEnumerable<string> paths)
    {
        var r = Peers.Run("/usr/bin/python3", new[] { "-c", Script }.Concat(paths), timeoutMs: 120_000);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("pydicom failed: " + r.StdErr);
        }

        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
