// The handlers a test registers, served the way DI would (IServiceProvider.GetService).
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

internal sealed class TestServices : IServiceProvider
{
    public ICStoreHandler? Store { get; set; }

    public ICEchoHandler? Echo { get; set; }

    public ITransferSyntaxCodecs? Codecs { get; set; }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(ICStoreHandler) ? Store :
        serviceType == typeof(ICEchoHandler) ? Echo :
        serviceType == typeof(ITransferSyntaxCodecs) ? Codecs : null;
}
