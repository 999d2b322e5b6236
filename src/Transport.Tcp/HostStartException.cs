namespace FtCore.Transport.Tcp;

/// <summary>A host could not start: the message is one line naming the address or port.</summary>
internal sealed class HostStartException(string message, Exception? inner = null) : Exception(message, inner);
