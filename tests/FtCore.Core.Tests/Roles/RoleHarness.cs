using FtCore.Core.Effects;
using FtCore.Core.Messages;
using FtCore.Core.Ids;
using FtCore.Core.Roles;

namespace FtCore.Core.Tests.Roles;

/// <summary>Drives a single role as a host does and picks its effects apart.</summary>
internal static class RoleHarness
{
    /// <summary>As a host does after each input: end the batch, then take the effects.</summary>
    public static List<Effect> Drain(Role r)
    {
        r.Flush();
        var list = r.Out.Items.ToList();
        r.Out.Clear();
        return list;
    }

    public static IEnumerable<T> Events<T>(List<Effect> effects) => effects.Where(e => e.Kind == EffectKind.Emit).Select(e => e.Event).OfType<T>();

    public static IEnumerable<Execution> Executions(List<Effect> effects) => effects.Where(e => e.Kind == EffectKind.Executed).Select(e => e.Execution);

    public static IEnumerable<(NodeId To, T Msg)> Sends<T>(List<Effect> effects) where T : Message =>
        effects.Where(e => e.Kind == EffectKind.Send && e.Message is T).Select(e => (e.Target, (T)e.Message!));
}
