using System.Globalization;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// A real Prometheus evaluating the repository's alert rules on a compressed clock, and a real Alertmanager whose
/// only receiver is a webhook, on free loopback ports with their files in a given directory (alert and chaos drills).
/// </summary>
internal static class MonitoringServers
{
    /// <param name="deadMansSwitch">
    /// Where the Watchdog heartbeat goes, on the production route's timings (<paramref name="watchdog"/>); null sends it
    /// to <paramref name="webhookUrl"/> with every other alert.
    /// </param>
    public static async Task<ServerProcess> StartAlertmanagerAsync(
        string executable, string directory, string webhookUrl, string? deadMansSwitch = null, WatchdogRoute? watchdog = null)
    {
        var port = FreePort.Next();
        var config = Path.Combine(directory, "alertmanager.yml");
        var heartbeatRoute = deadMansSwitch is null || watchdog is null
            ? string.Empty
            : $"""

                routes:
                  - matchers: ['alertname="Watchdog"']
                    receiver: deadmans-switch
                    group_wait: {WatchdogRoute.Format(watchdog.GroupWait)}
                    group_interval: {WatchdogRoute.Format(watchdog.GroupInterval)}
                    repeat_interval: {WatchdogRoute.Format(watchdog.RepeatInterval)}
              """;
        var heartbeatReceiver = deadMansSwitch is null || watchdog is null
            ? string.Empty
            : $"""

                - name: deadmans-switch
                  webhook_configs:
                    - url: {deadMansSwitch}
                      send_resolved: {(watchdog.SendResolved ? "true" : "false")}
              """;
        // Deliver at once (group_wait/group_interval 1 s): the drill measures the rules, not Alertmanager's batching.
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: drill
              group_by: [alertname, cluster]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h{heartbeatRoute}
            receivers:
              - name: drill
                webhook_configs:
                  - url: {webhookUrl}
                    send_resolved: true{heartbeatReceiver}
            """);
        return await ServerProcess.StartAsync(executable, new Uri($"http://127.0.0.1:{port}/"),
        [
            "--config.file=" + config,
            "--storage.path=" + Path.Combine(directory, "alertmanager-data"),
            $"--web.listen-address=127.0.0.1:{port}",
            // No high-availability gossip: it would bind a fixed port (9094).
            "--cluster.listen-address=",
            "--log.level=warn",
        ]);
    }

    /// <summary>
    /// Every duration in the rules (windows, offsets, <c>for:</c>) is divided by <paramref name="timeScale"/>, and so is
    /// the one-minute resend delay of firing alerts to Alertmanager (which also bounds how long Alertmanager holds an
    /// alert Prometheus stopped sending: four resend delays).
    /// </summary>
    public static async Task<ServerProcess> StartPrometheusAsync(
        string executable, string directory, string alertmanagerAuthority, IEnumerable<int> schedulerPorts, IEnumerable<int> workerPorts, int timeScale)
    {
        var port = FreePort.Next();
        var rules = Path.Combine(directory, "kcron-alerts.yml");
        await File.WriteAllTextAsync(rules, ScaledAlertRules.Scale(await File.ReadAllTextAsync(AlertRules.RulesPath), timeScale));
        static string Targets(IEnumerable<int> ports) => string.Join(", ", ports.Select(p => "localhost:" + p.ToString(CultureInfo.InvariantCulture)));
        var config = Path.Combine(directory, "prometheus.yml");
        // The job names are those of prometheus/prometheus-dev.yml: KcronTargetDown matches on them.
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: [{rules}]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["{alertmanagerAuthority}"]
            scrape_configs:
              - job_name: kcron-scheduler
                static_configs:
                  - targets: [{Targets(schedulerPorts)}]
              - job_name: kcron-worker
                static_configs:
                  - targets: [{Targets(workerPorts)}]
            """);
        return await ServerProcess.StartAsync(executable, new Uri($"http://127.0.0.1:{port}/"),
        [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "prometheus-data"),
            $"--web.listen-address=127.0.0.1:{port}",
            "--rules.alert.resend-delay=" + (60_000 / timeScale).ToString(CultureInfo.InvariantCulture) + "ms",
            "--log.level=warn",
        ]);
    }
}
