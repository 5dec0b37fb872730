// Root of the plugin's configuration: section "PacsSeg" of appsettings.json, overridable by
// environment variables PACSSEG__Section__Key (standard .NET double-underscore binding).
namespace PacsSeg.Plugin.Configuration;

public sealed class PluginOptions
{
    public const string SectionName = "PacsSeg";

    /// <summary>Root for the spool, the job database and the generated API key when their own paths are empty.</summary>
    public string DataDirectory { get; set; } = "data";

    public ListenOptions Listen { get; set; } = new();
    public SpoolOptions Spool { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public AssemblyOptions Assembly { get; set; } = new();
    public RoutingOptions Routing { get; set; } = new();
    public InferenceOptions Inference { get; set; } = new();
    public ExportOptions Export { get; set; } = new();
    public GrpcOptions Grpc { get; set; } = new();
    public DicomListenerOptions Dicom { get; set; } = new();

    /// <summary>Manufacturer written into our own results; instances carrying it are never processed again.</summary>
    public string OutputManufacturer { get; set; } = "PacsSeg";

    public string ResolveDataPath(string configured, string defaultName) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(DataDirectory, defaultName) : configured);
}
