using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>Reads a <see cref="WorkerLoad"/> from the stack's Prometheus (the workers' scrape job, <c>kcron-worker</c>).</summary>
internal static class WorkerLoadReader
{
    private const double MiB = 1024 * 1024;

    /// <param name="from">The drill's start: peaks are taken from here to now.</param>
    /// <param name="brokeAt">The break's start: the working set "before" is read at this instant.</param>
    public static async Task<WorkerLoad> ReadAsync(Uri prometheus, DateTimeOffset from, DateTimeOffset brokeAt)
    {
        using var http = new HttpClient { BaseAddress = prometheus, Timeout = TimeSpan.FromSeconds(10) };
        var range = string.Create(CultureInfo.InvariantCulture, $"[{Math.Ceiling((DateTimeOffset.UtcNow - from).TotalSeconds)}s]");
        async Task<double> PeakAsync(string metric) =>
            await ValueAsync(http, $"max(max_over_time({metric}{{job=\"kcron-worker\"}}{range}))", at: null);
        return new WorkerLoad(
            (int)await PeakAsync("kcron_pipeline_occupancy"),
            (long)await PeakAsync("kcron_consumer_lag"),
            await ValueAsync(http, "max(dotnet_process_memory_working_set_bytes{job=\"kcron-worker\"})", brokeAt) / MiB,
            await PeakAsync("dotnet_process_memory_working_set_bytes") / MiB);
    }

    /// <summary>The single value of an instant query (at <paramref name="at"/>, or now); 0 when the query returns nothing.</summary>
    private static async Task<double> ValueAsync(HttpClient http, string promql, DateTimeOffset? at)
    {
        var form = new List<KeyValuePair<string, string>> { new("query", promql) };
        if (at is { } instant)
        {
            form.Add(new("time", (instant.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture)));
        }

        using var response = await http.PostAsync(new Uri("api/v1/query", UriKind.Relative), new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{promql}: {body.GetProperty("error").GetString()}");
        }

        var result = body.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? 0
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
