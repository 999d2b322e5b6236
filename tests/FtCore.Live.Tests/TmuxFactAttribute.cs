using Xunit;

namespace FtCore.Live.Tests;

/// <summary>A test that drives tmux: runs where tmux is installed or can be (root runs scripts/install-lab-tools.sh); skipped otherwise.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Skip = "skipped: tmux needs a Unix";
        else if (Tools.Find("tmux") is null && !Environment.IsPrivilegedProcess) Skip = "skipped: tmux is missing and installing it needs root (scripts/install-lab-tools.sh tmux)";
    }
}
