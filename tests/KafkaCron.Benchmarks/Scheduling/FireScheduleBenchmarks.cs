using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Benchmarks.Scheduling;

/// <summary>
/// The cost of one <see cref="IFireSchedule.NextAfter"/>, the call a scheduler makes per job per fire: cron in UTC
/// (the baseline), the same cron read in a zone with daylight saving, and <c>@every</c>.
/// </summary>
[MemoryDiagnoser]
public class FireScheduleBenchmarks
{
    private static readonly DateTimeOffset After = new(2026, 3, 28, 23, 59, 59, TimeSpan.Zero);

    private IFireSchedule cronUtc = null!;
    private IFireSchedule cronBerlin = null!;
    private IFireSchedule every = null!;

    [GlobalSetup]
    public void Setup()
    {
        cronUtc = Parse("*/5 * * * *", "UTC");
        cronBerlin = Parse("*/5 * * * *", "Europe/Berlin");
        every = Parse("@every 90s", "Europe/Berlin");
    }

    [Benchmark(Baseline = true)]
    public DateTimeOffset? NextCronUtc() => cronUtc.NextAfter(After);

    [Benchmark]
    public DateTimeOffset? NextCronInZone() => cronBerlin.NextAfter(After);

    [Benchmark]
    public DateTimeOffset? NextEvery() => every.NextAfter(After);

    private static IFireSchedule Parse(string expression, string zoneId)
    {
        if (!TimeZones.TryFind(zoneId, out var zone, out var zoneError))
        {
            throw new InvalidOperationException(zoneError);
        }

        return FireSchedules.TryParse(expression, zone, withSeconds: false, out var schedule, out var error)
            ? schedule
            : throw new InvalidOperationException(error);
    }
}
