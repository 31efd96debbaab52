using System.Globalization;

namespace KafkaCron.BenchCompare;

/// <summary>What one candidate achieved on one row.</summary>
internal sealed record RowResult(
    Candidate Candidate, BenchRow Row, double P50Ms, double P99Ms, double MaxMs, double RatePerSecond,
    int Early, int Duplicates, int Missing, long ReaderLost, double PeakRssMiB, double CpuShare, double CpuMicrosecondsPerFire)
{
    /// <summary>
    /// "reader lost" counts offsets the harness's own reader never saw (the mock's retention): when it is 0, every
    /// missing fire is the candidate's.
    /// </summary>
    public const string Header =
        "| jobs, rate | candidate | lag p50 | p99 | max | achieved | early | duplicates | missing | reader lost | peak RSS | CPU | CPU per fire |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>A line printed below the table, when the row has something the columns do not say.</summary>
    public string? Note { get; init; }

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"| {Row.Label} | {Candidate.Label} | {Ms(P50Ms)} | {Ms(P99Ms)} | {Ms(MaxMs)} | {RatePerSecond:N0}/s | {Early} | {Duplicates} | {Missing} | {ReaderLost} | {PeakRssMiB:N0} MiB | {CpuShare:P0} | {CpuMicrosecondsPerFire:N1} µs |");

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:N1} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:N0} ms");
}
