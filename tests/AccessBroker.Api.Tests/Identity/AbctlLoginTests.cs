extern alias abctl;

using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using abctl::AccessBroker.Cli.Auth;
using abctl::AccessBroker.Cli.Commands;

namespace AccessBroker.Api.Tests.Identity;

/// <summary><c>abctl login</c> against a running broker, approved by a person in a browser, then <c>whoami</c> and <c>logout</c>.</summary>
public sealed partial class AbctlLoginTests(EmbeddedBrokerFixture broker) : IClassFixture<EmbeddedBrokerFixture>, IDisposable
{
    private readonly DirectoryInfo configDirectory = Directory.CreateTempSubdirectory("abctl-config-");

    [Fact]
    public async Task Login_PersonApprovesTheCodeInTheBrowser_WhoAmIShowsThemAndLogoutForgetsThem()
    {
        var environment = new CliEnvironment(configDirectory.FullName, HttpHandler: null, TimeProvider.System);
        var output = new WatchedOutput();
        var login = Abctl(environment, output, "login", "--server", broker.Host.BaseAddress.AbsoluteUri);

        var prompt = await output.WaitForAsync(PromptPattern());
        using var browser = broker.Host.CreateBrowser();
        var codeForm = await browser.OpenAsync(new Uri(prompt.Groups["url"].Value).PathAndQuery);
        var signIn = await browser.SubmitAsync(codeForm, new Dictionary<string, string> { ["user_code"] = prompt.Groups["code"].Value });
        var confirm = await browser.SignInAsync(signIn, TestUsers.Admin);
        confirm.Html.ShouldContain("Confirm device sign-in");
        await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["decision"] = "allow" });

        (await login).ShouldBe(0, output.ToString());
        output.ToString().ShouldContain($"Signed in to {broker.Host.BaseAddress}");
        var whoami = new WatchedOutput();
        (await Abctl(environment, whoami, "whoami")).ShouldBe(0);
        whoami.ToString().ShouldContain("Subject: admin");
        whoami.ToString().ShouldContain("Roles:   auditor, admin");
        (await Abctl(environment, new WatchedOutput(), "logout")).ShouldBe(0);
        (await Abctl(environment, new WatchedOutput(), "whoami", "--server", broker.Host.BaseAddress.AbsoluteUri)).ShouldBe(4);
    }

    public void Dispose() => configDirectory.Delete(recursive: true);

    private static Task<int> Abctl(CliEnvironment environment, TextWriter output, params string[] args) =>
        new RootCommand
        {
            LoginCommands.CreateLoginCommand(environment),
            LoginCommands.CreateLogoutCommand(environment),
            LoginCommands.CreateWhoAmICommand(environment),
        }.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, TestContext.Current.CancellationToken);

    [GeneratedRegex(@"open (?<url>\S+) in a browser and enter the code (?<code>\S+)\r?\n")]
    private static partial Regex PromptPattern();

    /// <summary>Console output that a test can wait on, line by line, instead of sleeping.</summary>
    private sealed class WatchedOutput : TextWriter
    {
        private readonly StringBuilder text = new();
        private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> waiters = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (text)
            {
                text.Append(value);
                ReleaseWaiters();
            }
        }

        public Task<Match> WaitForAsync(Regex pattern)
        {
            var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (text)
            {
                waiters.Add((pattern, found));
                ReleaseWaiters();
            }

            return found.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        private void ReleaseWaiters()
        {
            foreach (var waiter in waiters.ToArray())
            {
                if (waiter.Pattern.Match(text.ToString()) is { Success: true } match)
                {
                    waiters.Remove(waiter);
                    waiter.Found.TrySetResult(match);
                }
            }
        }

        public override string ToString()
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }
}
