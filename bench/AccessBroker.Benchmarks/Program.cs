using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AccessBroker.Benchmarks.PolicyDecisionBenchmarks).Assembly).Run(args);
