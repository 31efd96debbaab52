using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Benchmarks.Jobs;

/// <summary>Reading and validating a job file of 500 jobs, as a scheduler does on start and on every reload.</summary>
[MemoryDiagnoser]
public class JobFileParserBenchmarks
{
    private string yaml = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("clusters: [cluster-a, cluster-b]\ndefaults:\n  timeout: 10m\n  retry: { maxAttempts: 3 }\njobs:\n");
        for (var i = 0; i < 500; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                  - name: job-{{i}}
                    schedule: "{{i % 60}} */2 * * *"
                    timeZone: Europe/Berlin
                    cluster: cluster-{{(i % 2 == 0 ? 'a' : 'b')}}
                    command: echo job-{{i}}
                    env: { INDEX: "{{i}}" }

                """);
        }

        yaml = text.ToString();
    }

    [Benchmark]
    public int Parse() => JobFileParser.Parse(yaml, "jobs.yaml", []).JobFile!.Jobs.Count;
}
