using FtCore.Core.App;

namespace FtCore.Sim;

/// <summary>The closed-loop clients' operations: the application's workload, drawn from the workload's own stream.</summary>
internal sealed class Workload(IApplication app, Prng rng)
{
    public Operation Next() => app.NextOperation(rng);
}
