using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Ids;
using Xunit;

namespace FtCore.Core.Tests.Ids;

public sealed class NodeMapTests
{
    private static NodeId Id(int code) => (code % 4) switch
    {
        0 => NodeId.Client(1 + (code / 4 % 5)),
        1 => NodeId.Replica(1 + (code / 4 % 5)),
        2 => NodeId.Lfd(1 + (code / 4 % 5)),
        _ => code % 8 == 3 ? NodeId.Rm : NodeId.Gfd,
    };

    [Property(MaxTest = 300)]
    public Property Behaves_as_a_sorted_dictionary_and_walks_in_id_order() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(-40, 40))), steps =>
        {
            var map = new NodeMap<int>();
            var model = new SortedDictionary<NodeId, int>();
            for (var i = 0; i < steps.Length; i++)
            {
                var key = Id(Math.Abs(steps[i]));
                if (steps[i] < 0)
                {
                    Assert.Equal(model.Remove(key), map.Remove(key));
                }
                else
                {
                    map[key] = i;
                    model[key] = i;
                }
                Assert.Equal(model.Count, map.Count);
                Assert.Equal(model.ContainsKey(key), map.ContainsKey(key));
            }
            var walked = new List<KeyValuePair<NodeId, int>>();
            foreach (var kv in map) walked.Add(kv);
            Assert.Equal(model.ToList(), walked);
        });
}
