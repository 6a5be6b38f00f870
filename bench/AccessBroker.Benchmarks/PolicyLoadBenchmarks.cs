using AccessBroker.Core.Policies;
using BenchmarkDotNet.Attributes;

namespace AccessBroker.Benchmarks;

/// <summary>
/// A full load of a policy folder's content, as a hot reload does it: YAML parsing, validation, CEL compilation,
/// the index and the hash. Reading the files from disk is not included.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class PolicyLoadBenchmarks
{
    private PolicySourceFile _file = new("generated.yaml", string.Empty);

    [Params(1_000, 10_000)]
    public int Policies { get; set; }

    [GlobalSetup]
    public void Setup() => _file = GeneratedPolicies.File(Policies);

    [Benchmark]
    public int Load() => PolicyLoader.Load([_file]).Set!.Policies.Count;
}
