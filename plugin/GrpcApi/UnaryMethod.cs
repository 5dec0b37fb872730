using Google.Protobuf;

namespace PacsSeg.Plugin.GrpcApi;

/// <summary>Binds a typed handler to its protobuf parser.</summary>
public sealed class UnaryMethod<TRequest, TReply>(string service, string method, MessageParser<TRequest> parser,
    Func<TRequest, GrpcCallContext, Task<TReply>> handler) : IGrpcMethod
    where TRequest : IMessage<TRequest>
    where TReply : IMessage<TReply>
{
    public string Path { get; } = $"/{service}/{method}";

    public async Task<IMessage> InvokeAsync(byte[] request, GrpcCallContext context)
    {
        TRequest parsed;
        try
        {
            parsed = parser.ParseFrom(request);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed {typeof(TRequest).Name}: {ex.Message}");
        }
        return await handler(parsed, context).ConfigureAwait(false);
    }
}
