using Microsoft.Playwright;

namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright (browser downloads
/// cannot work here; make deps installs the package). Playwright gives each launch a fresh --user-data-dir. Without
/// the background-networking flags Chromium tries to reach Google's services, which a closed network refuses noisily.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here; null when they can.</summary>
    public static string? UnavailableReason => File.Exists(ExecutablePath)
        ? null
        : $"{ExecutablePath} is missing: install Debian's chromium package (make deps does)";

    /// <summary>Where screenshots go: KCRON_SCREENSHOTS (make console-screenshots points it at docs/console), else the test output.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("KCRON_SCREENSHOTS") is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (UnavailableReason is { } reason)
        {
            // make test installs chromium (make deps): in CI a missing browser is a broken setup, not a reason to skip.
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"the browser tests cannot run in CI: {reason}");
            }

            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser tests and the other tests on the real stack share one Chromium and one <see cref="RunStack"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>, ICollectionFixture<RunStack>
{
    public const string Name = "chromium";
}
