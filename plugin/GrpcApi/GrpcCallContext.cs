using Microsoft.AspNetCore.Http;

namespace PacsSeg.Plugin.GrpcApi;

/// <summary>What a gRPC method handler sees of its call: who, the deadline, and the token that ends it.</summary>
public sealed record GrpcCallContext(HttpContext HttpContext, string Actor, DateTimeOffset? Deadline, CancellationToken CancellationToken);
