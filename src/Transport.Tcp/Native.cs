using System.Runtime.InteropServices;

namespace FtCore.Transport.Tcp;

/// <summary>The few Linux calls the <see cref="Reactor"/> makes: epoll, an eventfd, and non-blocking recv/send.</summary>
internal static unsafe partial class Native
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1, EpollCtlDel = 2, EpollCtlMod = 3;
    public const uint EpollIn = 0x001, EpollOut = 0x004, EpollErr = 0x008, EpollHup = 0x010, EpollRdHup = 0x2000;
    public const int EfdCloexec = 0x80000, EfdNonblock = 0x800;
    public const int MsgDontWait = 0x40, MsgNoSignal = 0x4000;
    public const int EAgain = 11, EIntr = 4;

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events, then data at offset 4) and naturally
    /// aligned elsewhere (16 bytes, data at offset 8).
    /// </summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    public static readonly int EventDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    /// <summary>Where the reactor can run: Linux on x86-64 or arm64.</summary>
    public static bool Supported => OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buf, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buf, nint count);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, byte* value, int* length);

    /// <summary>SO_ERROR: 0 once a non-blocking connect succeeded, else why it failed (as a SocketException's native code).</summary>
    public static int SocketError(int fd)
    {
        int value = 0, length = sizeof(int);
        if (GetSockOpt(fd, 1, 4, (byte*)&value, &length) != 0) return Marshal.GetLastPInvokeError();
        return value;
    }

    /// <summary>Adds, changes or removes <paramref name="fd"/> in an epoll set; false with errno on failure.</summary>
    public static bool Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EventDataOffset) = data;
        return EpollCtl(epfd, op, fd, ev) == 0;
    }

    /// <summary>A connect's errno as the SocketError .NET would have reported.</summary>
    public static System.Net.Sockets.SocketError ToSocketError(int errno) => errno switch
    {
        111 => System.Net.Sockets.SocketError.ConnectionRefused,
        113 => System.Net.Sockets.SocketError.HostUnreachable,
        101 => System.Net.Sockets.SocketError.NetworkUnreachable,
        110 => System.Net.Sockets.SocketError.TimedOut,
        104 => System.Net.Sockets.SocketError.ConnectionReset,
        99 => System.Net.Sockets.SocketError.AddressNotAvailable,
        _ => System.Net.Sockets.SocketError.SocketError,
    };

    /// <summary>errno as a short name for a log line.</summary>
    public static string ErrorName(int errno) => errno switch
    {
        104 => "ConnectionReset",
        32 => "Shutdown",
        110 => "TimedOut",
        113 => "HostUnreachable",
        101 => "NetworkUnreachable",
        9 => "OperationAborted",
        _ => $"errno {errno}",
    };
}
