using Xunit;

// Live tests start whole clusters of real processes: one at a time, or two clusters fight for two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
