using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>Renders alertmanager/alertmanager.yml.tmpl with dummy secrets into a temp dir and checks it with amtool.</summary>
public sealed class AlertmanagerConfigTests : IDisposable
{
    private const string DummyPassword = "dummy'pa$$|word";

    private readonly string _output = Directory.CreateTempSubdirectory("kcron-alertmanager-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [SkippableFact]
    public async Task Render_DummySecret_PassesAmtoolCheckConfig()
    {
        var amtool = ExternalTool.Require("amtool");
        var render = await RenderAsync(Variables());
        Assert.True(render.ExitCode == 0, render.ToString());

        var check = await ExternalTool.RunAsync(amtool, ["check-config", Path.Combine(_output, "alertmanager.yml")]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("1 templates", check.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Render_PasswordWithQuotesDollarsAndPipes_ReachesAlertmanagerUnchanged()
    {
        ExternalTool.Require("envsubst");
        var render = await RenderAsync(Variables());
        Assert.True(render.ExitCode == 0, render.ToString());

        var global = Global();

        Assert.Equal(DummyPassword, global["smtp_auth_password"]);
        Assert.Equal("smtp.gmail.com:587", global["smtp_smarthost"]);
        Assert.Equal("alerts@example.com", global["smtp_from"]);
        Assert.Equal("true", global["smtp_require_tls"]);
        // The secret file is for the Alertmanager user only (the script is bash: this runs where File modes exist).
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_output, "alertmanager.yml")));
        }
    }

    [SkippableFact]
    public async Task Render_PasswordFile_ConfigNamesTheFileAndHoldsNoSecret()
    {
        var amtool = ExternalTool.Require("amtool");
        var passwordFile = Path.Combine(_output, "smtp-password");
        await File.WriteAllTextAsync(passwordFile, DummyPassword);
        var variables = Variables();
        variables["KCRON_SMTP_PASSWORD"] = null;
        variables["KCRON_SMTP_PASSWORD_FILE"] = passwordFile;

        var render = await RenderAsync(variables);
        Assert.True(render.ExitCode == 0, render.ToString());

        var global = Global();
        Assert.Equal(passwordFile, global["smtp_auth_password_file"]);
        Assert.False(global.ContainsKey("smtp_auth_password"));
        Assert.DoesNotContain(DummyPassword, await File.ReadAllTextAsync(Path.Combine(_output, "alertmanager.yml")), StringComparison.Ordinal);
        var check = await ExternalTool.RunAsync(amtool, ["check-config", Path.Combine(_output, "alertmanager.yml")]);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [SkippableTheory]
    [InlineData("KCRON_SMTP_PASSWORD")]
    [InlineData("KCRON_SMTP_USERNAME")]
    [InlineData("KCRON_ALERT_EMAIL_TO")]
    [InlineData("KCRON_DEADMANS_SWITCH_URL")]
    public async Task Render_RequiredVariableUnset_FailsNamingItAndWritesNothing(string variable)
    {
        ExternalTool.Require("envsubst");
        var variables = Variables();
        variables[variable] = null;

        var render = await RenderAsync(variables);

        Assert.NotEqual(0, render.ExitCode);
        Assert.Contains(variable + " is not set", render.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_output, "alertmanager.yml")));
    }

    [SkippableFact]
    public async Task EmailTemplate_FiringAlert_RendersSubjectAndRunbookLink()
    {
        var amtool = ExternalTool.Require("amtool");
        var render = await RenderAsync(Variables());
        Assert.True(render.ExitCode == 0, render.ToString());
        var data = Path.Combine(_output, "data.json");
        await File.WriteAllTextAsync(data, JsonSerializer.Serialize(new
        {
            receiver = "email",
            status = "firing",
            alerts = new[]
            {
                new
                {
                    status = "firing",
                    labels = new Dictionary<string, string> { ["alertname"] = "KcronCanaryStale", ["cluster"] = "alpha", ["severity"] = "critical" },
                    annotations = new Dictionary<string, string>
                    {
                        ["summary"] = "The canary job of cluster alpha has not succeeded recently.",
                        ["description"] = "d",
                        ["runbook_url"] = "runbooks/KcronCanaryStale.md",
                    },
                    startsAt = "2026-01-01T03:00:00Z",
                    generatorURL = "http://localhost:9090/graph",
                },
            },
            groupLabels = new Dictionary<string, string> { ["alertname"] = "KcronCanaryStale", ["cluster"] = "alpha" },
            commonLabels = new Dictionary<string, string> { ["alertname"] = "KcronCanaryStale", ["cluster"] = "alpha", ["severity"] = "critical" },
            commonAnnotations = new Dictionary<string, string>(),
            externalURL = "http://localhost:9093",
        }));

        var result = await ExternalTool.RunAsync(amtool,
        [
            "template", "render", "--template.type=html", "--template.glob=" + Path.Combine(_output, "templates", "*.tmpl"),
            "--template.data=" + data,
            "--template.text={{ template \"kcron.email.subject\" . }}\n{{ template \"kcron.email.html\" . }}",
        ]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("[FIRING:1] KcronCanaryStale (alpha)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("href=\"https://git.example.com/kafkacron/blob/main/runbooks/KcronCanaryStale.md\"", result.Stdout, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Variables() => new(StringComparer.Ordinal)
    {
        ["KCRON_SMTP_PASSWORD"] = DummyPassword,
        ["KCRON_SMTP_PASSWORD_FILE"] = null,
        ["KCRON_SMTP_USERNAME"] = "alerts@example.com",
        ["KCRON_ALERT_EMAIL_TO"] = "oncall@example.com",
        ["KCRON_ALERT_EMAIL_FROM"] = null,
        ["KCRON_SMTP_SMARTHOST"] = null,
        ["KCRON_DEADMANS_SWITCH_URL"] = "https://deadman.example.com/ping/0000",
        ["KCRON_RUNBOOK_BASE_URL"] = "https://git.example.com/kafkacron/blob/main",
    };

    private Task<ToolResult> RenderAsync(IReadOnlyDictionary<string, string?> variables) =>
        ExternalTool.RunAsync("/bin/bash", [RepositoryPaths.Of("alertmanager", "render-config.sh"), _output], environment: variables);

    private Dictionary<string, string> Global()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(_output, "alertmanager.yml"));
        stream.Load(reader);
        var global = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["global"];
        return global.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!, StringComparer.Ordinal);
    }
}
