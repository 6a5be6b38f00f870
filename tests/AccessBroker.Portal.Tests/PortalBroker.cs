using System.Net;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using Microsoft.Playwright;

namespace AccessBroker.Portal.Tests;

/// <summary>
/// The real broker on a Kestrel port of 127.0.0.1 with its embedded OpenID Connect provider and the demo users of
/// <c>appsettings.Development.json</c> (dev, lead, auditor, admin; password <c>NAME-password</c>), the repository's
/// <c>policies/</c>, a KubeSim cluster named <c>sandbox</c> and PostgreSQL when <c>ACCESSBROKER_TEST_POSTGRES</c> is set
/// (SQLite otherwise); and Debian's chromium, driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public sealed class PortalBroker : IAsyncLifetime
{
    /// <summary>
    /// Waits for a navigation to arrive, not for its "load" event: after redirects that event was sometimes missed (CI
    /// runs hung 30 s with the page already there). Every next step waits for the element it uses anyway.
    /// </summary>
    public static readonly PageWaitForURLOptions ArrivedOnly = new() { WaitUntil = WaitUntilState.Commit };

    private const string Chromium = "/usr/bin/chromium";

    private TestDatabase database = null!;
    private BrokerApplicationFactory<Program> factory = null!;
    private DirectoryInfo keys = null!;
    private IPlaywright playwright = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private static bool ChromiumInstalled => File.Exists(Chromium);

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!ChromiumInstalled)
        {
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        database = await TestDatabase.CreateAsync(
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ACCESSBROKER_TEST_POSTGRES")) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres);
        Cluster = await TestCluster.StartAsync();
        keys = Directory.CreateTempSubdirectory("accessbroker-portal-keys-");
        var port = TestPorts.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        factory = new BrokerApplicationFactory<Program>(database, issuer: null, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Policies:Directory"] = TestRepository.Path("policies"),
            ["Policies:Watch"] = "false",
            ["Clusters:sandbox:Kubeconfig"] = Cluster.KubeconfigPath,
            ["Identity:Issuer"] = BaseAddress.AbsoluteUri,
            ["Identity:RequireHttps"] = "false",
            ["Identity:KeysDirectory"] = keys.FullName,
            ["Identity:Clients:portal:RedirectUris:0"] = new Uri(BaseAddress, "portal/signin-oidc").AbsoluteUri,
            ["Identity:Clients:portal:PostLogoutRedirectUris:0"] = new Uri(BaseAddress, "portal/signout-callback-oidc").AbsoluteUri,
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();

        Directory.CreateDirectory(ScreenshotDirectory);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context; skips the test (fails it under CI=true) when Debian's chromium is missing.</summary>
    public Task<IBrowserContext> NewContextAsync(bool javaScript = true, ViewportSize? viewport = null)
    {
        TestPrerequisite.Require(ChromiumInstalled, $"{Chromium} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does.");
        return Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.AbsoluteUri,
            JavaScriptEnabled = javaScript,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            TimezoneId = "Europe/Berlin",
        });
    }

    /// <summary>Opens the portal in a new context and signs in through the embedded provider's sign-in page.</summary>
    public async Task<IPage> SignInAsync(string user, bool javaScript = true, ViewportSize? viewport = null)
    {
        var context = await NewContextAsync(javaScript, viewport);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync($"{user}-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(BaseAddress, "portal").AbsoluteUri, ArrivedOnly);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (!ChromiumInstalled)
        {
            return;
        }

        await Browser.DisposeAsync();
        playwright.Dispose();
        await factory.DisposeAsync();
        await Cluster.DisposeAsync();
        await database.DisposeAsync();
        keys.Delete(recursive: true);
    }
}
