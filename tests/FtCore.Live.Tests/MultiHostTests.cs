using FtCore.Tests.Shared;
using FtCore.Core.App;
using System.Diagnostics;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Demo.Live;
using Xunit;
using Xunit.Abstractions;

namespace FtCore.Live.Tests;

/// <summary>
/// The guide's four machines as network namespaces on one LAN, from one cluster file
/// (docs/cluster.example.conf): a whole machine crashes and comes back, a cable is pulled and
/// plugged in again, and the clients on machine 1 never miss a reply and see a linearizable counter.
/// </summary>
public sealed class MultiHostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Detect = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(15);

    [NetnsTheory]
    [InlineData("active")]
    [InlineData("passive")]
    public void Four_machines_survive_a_machine_crash_and_a_pulled_cable(string mode)
    {
        var total = Stopwatch.StartNew();
        string tag;
        string dir;
        using (var m = new FourMachines("netns-" + mode, "--mode", mode))
        {
            tag = m.Lab.Tag;
            dir = m.Dir;
            try
            {
                Run(m);
                output.WriteLine($"{mode}: passed in {total.Elapsed.TotalSeconds:0.0} s ({tag}, run folder {m.Dir})");
            }
            catch
            {
                output.WriteLine($"{mode}: failed after {total.Elapsed.TotalSeconds:0.0} s; run folder {m.Dir}");
                output.WriteLine(m.Tails());
                throw;
            }
        }
        Assert.DoesNotContain(NetnsLab.List(Tools.Require("ip")), n => n.StartsWith(tag + "-", StringComparison.Ordinal));
        output.WriteLine($"{mode}: namespaces removed; {total.Elapsed.TotalSeconds:0.0} s in all");
        Directory.Delete(dir, recursive: true); // kept only when the test failed
    }

    private void Run(FourMachines m)
    {
        var step = Stopwatch.StartNew();
        void Done(string what)
        {
            output.WriteLine($"{step.Elapsed.TotalSeconds,5:0.0} s  {what}");
            step.Restart();
        }

        m.StartInfrastructure();
        m.WaitView(FourMachines.AllReady, Ready, "S1, S2, S3 ready on machines 2-4");
        Done("S1, S2, S3 ready");

        for (var i = 1; i <= 3; i++) m.StartClient(i, intervalMs: 20);
        m.WaitProgress(20, Answered, "clients started");
        Done("clients answered");

        // Machine 2 (LFD1 and S1) crashes as a whole.
        var s1 = m.PidOf("S1");
        Assert.NotNull(s1);
        var killed = m.Lab.Crash(FourMachines.MachineOf(NodeId.Replica(1)));
        Assert.Contains(s1.Value, killed);
        m.WaitView(v => !ViewText.Members(v).Contains(NodeId.Replica(1)) && ViewText.ReadyMembers(v).Count == 2, Detect, "S1 out of the view after machine 2 crashed");
        m.WaitProgress(20, Answered, "machine 2 down");
        Done("machine 2 crashed; S1 removed; clients still answered");

        // Its LFD comes back; the RM has it relaunch S1, which syncs and becomes ready.
        m.StartLfd(1);
        m.WaitView(FourMachines.AllReady, Ready, "S1 relaunched by the restarted LFD1 and ready");
        Assert.NotEqual(s1, m.PidOf("S1"));
        Done("LFD1 restarted; S1 relaunched and ready");

        // The cable of the leader's machine is pulled: its replica is evicted, the others answer.
        var leader = ViewText.Leader(m.Show() ?? "") ?? NodeId.Replica(2);
        var machine = FourMachines.MachineOf(leader);
        m.Lab.SetLink(machine, up: false);
        m.WaitView(v => !ViewText.Members(v).Contains(leader) && ViewText.ReadyMembers(v).Count == 2, Detect, $"{leader} out of the view after its cable was pulled");
        m.WaitProgress(20, Answered, $"{leader}'s cable pulled");
        Done($"cable of machine {machine} ({leader}, the leader) pulled; {leader} evicted; clients still answered");

        m.Lab.SetLink(machine, up: true);
        m.WaitView(FourMachines.AllReady, Ready, $"{leader} back and ready after its cable was plugged in");
        m.WaitProgress(10, Answered, "cable plugged in");
        Done($"cable plugged in; {leader} rejoined; all 3 ready");

        m.StopClients(TimeSpan.FromSeconds(20));
        foreach (var (i, p) in m.Clients) Assert.True(p.ExitCode == 0, $"C{i} exited with {p.ExitCode}");
        var merged = new List<HistoryEvent>();
        for (var i = 1; i <= 3; i++)
        {
            var h = m.History(i);
            var invoked = h.Where(e => e.Type == HistoryType.Invoke).Select(e => e.Req).ToHashSet();
            var answered = h.Where(e => e.Type == HistoryType.Ok).Select(e => e.Req).ToHashSet();
            Assert.True(invoked.Count > 50, $"C{i} made only {invoked.Count} requests");
            invoked.ExceptWith(answered);
            Assert.True(invoked.Count == 0, $"C{i}: requests without a reply: {string.Join(", ", invoked.Order().Take(10))}");
            merged.AddRange(h);
        }
        var verdict = Linearizability.Check(ShippedApps.All.Get(m.App), merged);
        Assert.True(verdict.IsLinearizable, $"{verdict.Verdict}: {verdict.Explanation}");
        Done($"{merged.Count / 2} requests, every one answered; linearizable");

        m.WaitView(FourMachines.AllReady, Ready, "all 3 ready at the end");
    }
}
