using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace AccessBroker.Cli.Tests.Broker;

/// <summary>
/// The cluster's audit webhook, pointed at the running broker over HTTP with the cluster's shared token, turns plain
/// kubectl use of a grant into <c>kube.api</c> records attributed to the person behind the grant.
/// </summary>
public sealed class KubeAuditEndToEndTests(BrokerCli broker) : IClassFixture<BrokerCli>
{
    private static readonly string[] Devs = ["payments-devs"];
    private static readonly string[] Auditors = ["security-auditors"];
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KubectlWithAGrantsKubeconfig_IsRecordedAsKubeApiCallsOfTheDeveloper_JoinedToTheIssuedCredential()
    {
        Assert.SkipUnless(Kubectl.IsInstalled, $"{Kubectl.Path133} is not installed");
        var grantId = await GrantViewAsync("nora");
        var kubeconfig = Path.Combine(broker.ConfigDirectoryOf("nora"), "kubeconfig");
        (await broker.RunAsync("nora", Devs, "kubeconfig", grantId, "-o", kubeconfig)).ExitCode.ShouldBe(ExitCodes.Success);
        var stranger = await CallAsUnknownServiceAccountAsync();

        var pods = await Kubectl.RunAsync(broker, "nora", kubeconfig, "get", "pods", "-n", "payments", "-o", "name");
        pods.ExitCode.ShouldBe(0, pods.Error);
        var pod = pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]["pod/".Length..];
        var logs = await Kubectl.RunAsync(broker, "nora", kubeconfig, "logs", pod, "-n", "payments");
        logs.ExitCode.ShouldBe(0, logs.Error);

        var calls = await AwaitKubeApiRecordsAsync(grantId, records => records.Any(r => Details(r, "subresource") == "log"));
        var list = calls.First(r => Details(r, "verb") == "list" && r.GetProperty("target").GetProperty("kind").GetString() == "pods");
        var log = calls.First(r => Details(r, "subresource") == "log");
        calls.ShouldAllBe(r => r.GetProperty("actor").GetProperty("subject").GetString() == "nora" && r.GetProperty("grantId").GetString() == grantId);
        calls.ShouldAllBe(r => r.GetProperty("target").GetProperty("cluster").GetString() == "sandbox");
        list.GetProperty("target").GetProperty("namespace").GetString().ShouldBe("payments");
        list.GetProperty("outcome").GetString().ShouldBe("succeeded");
        log.GetProperty("target").GetProperty("name").GetString().ShouldBe(pod);
        Details(log, "verb").ShouldBe("get");
        Details(log, "responseCode").ShouldBe("200");
        log.GetProperty("actor").GetProperty("userAgent").GetString()!.ShouldStartWith("kubectl");

        var (_, issued, _) = await broker.RunAsync("audrey", Auditors, "audit", "--grant", grantId, "--action", "credential.issued", "-o", "json");
        var credentialIds = AuditCommandsTests.JsonLines(issued).Select(r => Details(r, "credentialId")).ToList();
        credentialIds.ShouldNotBeEmpty();
        credentialIds.ShouldAllBe(id => id.StartsWith("JTI=", StringComparison.Ordinal));
        calls.Select(r => Details(r, "credentialId")).Distinct().ShouldAllBe(id => credentialIds.Contains(id));

        var (_, everyCall, _) = await broker.RunAsync("audrey", Auditors, "audit", "--action", "kube.api", "--limit", "10000", "-o", "json");
        AuditCommandsTests.JsonLines(everyCall).ShouldNotContain(r => Details(r, "serviceAccount") == stranger);

        var (_, report, _) = await broker.RunAsync("nora", Devs, "grants", "activity", grantId);
        report.Split('\n').ShouldContain(line => line.Contains("pods/log") && line.Contains(pod) && line.Contains("JTI="));
    }

    [Fact]
    public async Task Webhook_OverHttp_RefusesAWrongToken_AndAMalformedEventListStoresNothing()
    {
        var grantId = await GrantViewAsync("olaf");
        var (_, activity, _) = await broker.RunAsync("olaf", Devs, "grants", "activity", grantId, "-o", "json");
        var serviceAccount = JsonDocument.Parse(activity).RootElement.GetProperty("serviceAccount").GetString()!;
        var good = Event("e2e-good", serviceAccount, "get");
        var withoutVerb = Event("e2e-no-verb", serviceAccount, verb: null);

        var wrongToken = await PostWebhookAsync("not-the-token", EventList(good));
        var malformed = await PostWebhookAsync(BrokerCli.AuditWebhookToken, EventList(good, withoutVerb));
        var unreadable = await PostWebhookAsync(BrokerCli.AuditWebhookToken, "{\"kind\":\"EventList\",\"items\":[");
        var accepted = await PostWebhookAsync(BrokerCli.AuditWebhookToken, EventList(Event("e2e-accepted", serviceAccount, "delete")));

        wrongToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        unreadable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, records, _) = await broker.RunAsync("audrey", Auditors, "audit", "--grant", grantId, "--action", "kube.api", "--limit", "10000", "-o", "json");
        var auditIds = AuditCommandsTests.JsonLines(records).Select(r => Details(r, "auditId")).ToList();
        auditIds.ShouldContain("e2e-accepted");
        auditIds.ShouldNotContain("e2e-good");
        auditIds.ShouldNotContain("e2e-no-verb");
    }

    private async Task<string> GrantViewAsync(string subject)
    {
        var (exitCode, created, error) = await broker.RunAsync(
            subject, Devs, "request", "view", "--cluster", "sandbox", "-n", "payments", "--for", "1h", "--reason", "INC-90", "--wait", "-o", "json");
        exitCode.ShouldBe(ExitCodes.Success, error);
        return JsonDocument.Parse(created).RootElement.GetProperty("grant").GetProperty("id").GetString()!;
    }

    /// <summary>A ServiceAccount named like a grant's, in the broker's namespace, that no grant owns, lists pods.</summary>
    private async Task<string> CallAsUnknownServiceAccountAsync()
    {
        const string name = "ab-000000000000";
        await broker.Cluster.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, "accessbroker", cancellationToken: Cancellation);
        var token = await broker.Cluster.Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 600 } }, name, "accessbroker", cancellationToken: Cancellation);
        using var stranger = broker.Cluster.ClientWithToken(token.Status.Token);
        await Should.ThrowAsync<k8s.Autorest.HttpOperationException>(() => stranger.CoreV1.ListNamespacedPodAsync("payments", cancellationToken: Cancellation));
        return $"system:serviceaccount:accessbroker:{name}";
    }

    /// <summary>Asks the broker (as an auditor, through abctl) until the grant's kube.api records satisfy <paramref name="done"/>.</summary>
    private async Task<List<JsonElement>> AwaitKubeApiRecordsAsync(string grantId, Func<List<JsonElement>, bool> done)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, output, _) = await broker.RunAsync("audrey", Auditors, "audit", "--grant", grantId, "--action", "kube.api", "--limit", "10000", "-o", "json");
            var records = AuditCommandsTests.JsonLines(output);
            if (done(records))
            {
                return records;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private async Task<HttpResponseMessage> PostWebhookAsync(string token, string body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.PostAsync(
            new Uri(broker.Server, "api/v1/clusters/sandbox/kube-audit"), new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
    }

    private static string Details(JsonElement record, string name) =>
        record.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "-";

    private static string EventList(params string[] events) =>
        $"{{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{{}},\"items\":[{string.Join(',', events)}]}}";

    private static string Event(string auditId, string username, string? verb) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["kind"] = "Event",
        ["apiVersion"] = "audit.k8s.io/v1",
        ["level"] = "Metadata",
        ["auditID"] = auditId,
        ["stage"] = "ResponseComplete",
        ["requestURI"] = "/api/v1/namespaces/payments/pods/x",
        ["verb"] = verb,
        ["user"] = new { username, groups = new[] { "system:serviceaccounts", "system:authenticated" } },
        ["sourceIPs"] = new[] { "127.0.0.1" },
        ["objectRef"] = new { resource = "pods", @namespace = "payments", name = "x", apiVersion = "v1" },
        ["responseStatus"] = new { metadata = new { }, code = 200 },
        ["requestReceivedTimestamp"] = "2026-11-25T12:00:00.000000Z",
        ["stageTimestamp"] = "2026-11-25T12:00:00.010000Z",
    });
}
