using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AccessBroker.KubeSim.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AccessBroker.KubeSim.Tests.Audit;

public sealed class AuditWebhookTests : IAsyncLifetime
{
    private const string WebhookToken = "audit-webhook-token";
    private readonly Channel<JsonObject> _received = Channel.CreateUnbounded<JsonObject>();
    private readonly Channel<string> _authorizations = Channel.CreateUnbounded<string>();
    private WebApplication? _receiver;
    private KubeSimServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _receiver = builder.Build();
        _receiver.MapPost("/audit", async (HttpRequest request) =>
        {
            await _authorizations.Writer.WriteAsync(request.Headers.Authorization.ToString());
            var eventList = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            await _received.Writer.WriteAsync(eventList);
            return Results.Ok();
        });
        await _receiver.StartAsync(Ct);
        _server = await KubeSimServer.StartAsync(new KubeSimOptions
        {
            AuditWebhookUrl = $"http://127.0.0.1:{port}/audit",
            AuditWebhookToken = WebhookToken,
            AuditBatchInterval = TimeSpan.FromMilliseconds(100),
        }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Requests_ArePostedAsEventListsWithUserVerbObjectAndStatus()
    {
        using var admin = new ApiClient(_server!, _server!.AdminToken);
        await admin.PostAsync("/api/v1/namespaces/default/serviceaccounts", Objects.ServiceAccount("audited"));
        var tokenResponse = await admin.PostAsync("/api/v1/namespaces/default/serviceaccounts/audited/token",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject() });
        using var serviceAccount = new ApiClient(_server, tokenResponse["status.token"]);
        var jti = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(tokenResponse["status.token"]!.Split('.')[1]))!["jti"]!.GetValue<string>();

        await serviceAccount.GetAsync("/api/v1/namespaces/default/secrets/db");

        var auditEvent = await WaitForEventAsync(e => e["user"]?["username"]?.GetValue<string>() == "system:serviceaccount:default:audited");
        auditEvent["apiVersion"]!.GetValue<string>().ShouldBe("audit.k8s.io/v1");
        auditEvent["kind"]!.GetValue<string>().ShouldBe("Event");
        auditEvent["stage"]!.GetValue<string>().ShouldBe("ResponseComplete");
        auditEvent["verb"]!.GetValue<string>().ShouldBe("get");
        auditEvent["objectRef"]!["resource"]!.GetValue<string>().ShouldBe("secrets");
        auditEvent["objectRef"]!["namespace"]!.GetValue<string>().ShouldBe("default");
        auditEvent["objectRef"]!["name"]!.GetValue<string>().ShouldBe("db");
        auditEvent["responseStatus"]!["code"]!.GetValue<int>().ShouldBe(403);
        auditEvent["user"]!["uid"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        auditEvent["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()).ShouldContain("system:serviceaccounts:default");
        auditEvent["user"]!["extra"]!["authentication.kubernetes.io/credential-id"]![0]!.GetValue<string>().ShouldBe($"JTI={jti}");
        auditEvent["annotations"]!["authorization.k8s.io/decision"]!.GetValue<string>().ShouldBe("forbid");
    }

    [Fact]
    public async Task EventLists_CarryTheWebhookTokenAsBearer_AsTheApiServerSendsItsKubeconfigUsersToken()
    {
        using var admin = new ApiClient(_server!, _server!.AdminToken);

        await admin.GetAsync("/api/v1/namespaces");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        (await _authorizations.Reader.ReadAsync(deadline.Token)).ShouldBe($"Bearer {WebhookToken}");
    }

    private async Task<JsonObject> WaitForEventAsync(Func<JsonObject, bool> match)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var eventList in _received.Reader.ReadAllAsync(deadline.Token))
        {
            eventList["kind"]!.GetValue<string>().ShouldBe("EventList");
            var found = eventList["items"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }
        }
        throw new InvalidOperationException("the audit channel closed");
    }
}
