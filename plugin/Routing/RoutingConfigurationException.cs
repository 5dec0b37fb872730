namespace PacsSeg.Plugin.Routing;

public sealed class RoutingConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
