using Xunit;

namespace FtCore.Live.Tests;

/// <summary>
/// A test that needs network namespaces: skipped, with the reason, only where creating one is not
/// permitted (not root, or a container without CAP_SYS_ADMIN). Where ip is missing and we are
/// root, the test runs and installs it.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (NetnsLab.WhyUnavailable is { } why) Skip = "skipped: " + why;
    }
}

/// <inheritdoc cref="NetnsFactAttribute"/>
public sealed class NetnsTheoryAttribute : TheoryAttribute
{
    public NetnsTheoryAttribute()
    {
        if (NetnsLab.WhyUnavailable is { } why) Skip = "skipped: " + why;
    }
}
