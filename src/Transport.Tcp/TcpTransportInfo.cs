namespace FtCore.Transport.Tcp;

/// <summary>Placeholder until the live-lab issue: the TCP host of the Core roles.</summary>
public static class TcpTransportInfo
{
    public const string Status = "not yet implemented";
}
