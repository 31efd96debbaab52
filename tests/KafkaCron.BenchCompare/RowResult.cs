using System.Globalization;

namespace KafkaCron.BenchCompare;

/// <summary>What one candidate achieved on one row.</summary>
internal sealed record RowResult(
    Candidate Candidate, BenchRow Row, double P50Ms, double P99Ms, double MaxMs, double RatePerSecond,
    int Early, int Duplicates, int Missing, double PeakRssMiB, double CpuShare, double CpuMicrosecondsPerFire)
{
    public const string Header =
        "| jobs, rate | candidate | lag p50 | p99 | max | achieved | early | duplicates | missing | peak RSS | CPU | CPU per fire |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"| {Row.Label} | {Candidate.Label} | {Ms(P50Ms)} | {Ms(P99Ms)} | {Ms(MaxMs)} | {RatePerSecond:N0}/s | {Early} | {Duplicates} | {Missing} | {PeakRssMiB:N0} MiB | {CpuShare:P0} | {CpuMicrosecondsPerFire:N1} µs |");

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:N1} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:N0} ms");
}
