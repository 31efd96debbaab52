using BenchmarkDotNet.Running;
using KafkaCron.Benchmarks.Spawning;

// `spawn-rate` measures process starts per second (a rate over many runs, not a BenchmarkDotNet benchmark).
if (args is ["spawn-rate", .. var rest])
{
    return await SpawnRate.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
