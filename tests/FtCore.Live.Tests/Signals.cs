using System.Runtime.InteropServices;

namespace FtCore.Live.Tests;

/// <summary>POSIX signals by PID: SIGTERM asks an ftcore process to stop cleanly (a client drains and flushes its history); SIGSTOP hangs one.</summary>
public static class Signals
{
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Sends SIGTERM; false when there is no such process.</summary>
    public static bool Term(int pid) => NativeMethods.kill(pid, SigTerm) == 0;

    /// <summary>SIGSTOP: the process hangs (keeps its sockets and port, answers nothing) until SIGCONT.</summary>
    public static bool Stop(int pid) => NativeMethods.kill(pid, SigStop) == 0;

    public static bool Continue(int pid) => NativeMethods.kill(pid, SigCont) == 0;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; kill(int, int) marshals nothing
        internal static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
