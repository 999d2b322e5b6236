using System.Globalization;
using FtCore.Core.Roles;
using FtCore.Sim.Report;

namespace FtCore.Sim;

internal sealed partial class Simulator
{
    /// <summary>What the report records; null unless <see cref="SimOptions.Report"/> (a run without a report pays nothing).</summary>
    private readonly SimRecorder? _report;

    /// <summary>Closes the report's open periods and notes each replica's state where the run ended (or stopped at a violation).</summary>
    private void FinishReport()
    {
        if (_report is null) return;
        var replicas = new List<string>();
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            replicas.Add(s.Role is Replica r
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{s.Id} (incarnation {r.Incarnation}): {(r.IsLeader ? "leader" : r.IsReady ? "ready" : "not ready")}, view {r.ViewNumber}, executed up to seq {_report.LastSeq(i)}, state {r.DescribeState()}")
                : $"{s.Id}: down");
        }
        _report.Finish(_now, replicas);
    }
}
