using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Playwright;

namespace AccessBroker.Portal.Tests;

/// <summary>
/// The portal in real Chromium against the real broker: sign-in through the embedded provider, request, approval in
/// a second browser context, kubeconfig, brokered actions checked on the cluster, revoke and the auditor's review.
/// Screenshots of each main page go to <c>screenshots/</c> beside the test binaries.
/// </summary>
public sealed partial class PortalFlowTests(PortalBroker broker) : IClassFixture<PortalBroker>
{
    [Fact]
    public async Task Developer_RequestsOperate_LeadApproves_DeveloperUsesAndRevokes_AuditorReviews()
    {
        await ArrangeSecondRevisionAsync("payments-api", "ghcr.io/example/payments-api:1.5.0");

        var dev = await broker.SignInAsync("dev");
        await PortalBroker.ScreenshotAsync(dev, "home");
        await dev.GotoAsync("/portal/request");
        await FillRequestAsync(dev, "payments", "operate", "INC-42 payments-api is slow");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        (await dev.Locator("#decision").InnerTextAsync()).ShouldContain("Needs approval: needs 1 approval from payments-leads (policy sandbox-change, up to 4h)");
        await PortalBroker.ScreenshotAsync(dev, "request-checked");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await dev.WaitForURLAsync("**/portal/access", PortalBroker.ArrivedOnly);
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldStartWith("Requested: operate on sandbox/payments for 1h");
        await PortalBroker.ScreenshotAsync(dev, "my-access-pending");

        var lead = await broker.SignInAsync("lead");
        await lead.GotoAsync("/portal/approvals");
        var card = lead.Locator("article", new() { HasText = "Dana Developer asks for operate on sandbox/payments" });
        (await card.InnerTextAsync()).ShouldContain("INC-42 payments-api is slow");
        await PortalBroker.ScreenshotAsync(lead, "approvals");
        await card.GetByLabel("Comment").FillAsync("go ahead");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        (await lead.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldBe("Approved Dana Developer's request for operate on sandbox/payments; the grant is active.");
        (await lead.Locator("main").InnerTextAsync()).ShouldContain("No request is waiting for you.");

        await dev.GotoAsync("/portal/access");
        var grant = dev.Locator("article", new() { HasText = "operate on sandbox/payments" });
        var grantId = (await grant.Locator("dd code").InnerTextAsync()).Trim();
        (await grant.Locator("time").First.GetAttributeAsync("title")).ShouldEndWith(" UTC");
        (await grant.Locator("time").First.InnerTextAsync()).ShouldNotContain("UTC");
        await PortalBroker.ScreenshotAsync(dev, "my-access-active");
        var download = await dev.RunAndWaitForDownloadAsync(() => grant.GetByRole(AriaRole.Link, new() { Name = "Download kubeconfig" }).ClickAsync());
        var kubeconfig = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        kubeconfig.ShouldContain("namespace: 'payments'");
        kubeconfig.ShouldContain($"- '{grantId}'");
        kubeconfig.ShouldContain("command: abctl");
        kubeconfig.ShouldContain($"server: '{broker.Cluster.Server.Url.AbsoluteUri.TrimEnd('/')}'");

        await grant.GetByRole(AriaRole.Link, new() { NameRegex = ActionsLink() }).ClickAsync();
        var deployment = dev.Locator("#deployment-payments-api");
        (await deployment.Locator("#replicas-payments-api").InnerTextAsync()).ShouldBe("2");
        await PortalBroker.ScreenshotAsync(dev, "grant-actions");
        await deployment.GetByLabel("Replicas (now 2)").FillAsync("3");
        await deployment.Locator("#scale-reason-payments-api").FillAsync("INC-42 more capacity");
        await deployment.GetByRole(AriaRole.Button, new() { Name = "Scale…" }).ClickAsync();
        (await dev.Locator("#confirm").InnerTextAsync()).ShouldContain("Scale Deployment payments-api in sandbox/payments from 2 to 3 replicas.");
        (await ReplicasAsync("payments-api")).ShouldBe(2, "nothing runs before the confirmation");
        await PortalBroker.ScreenshotAsync(dev, "grant-confirm-scale");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldBe("Scaled payments-api from 2 to 3 replicas.");
        (await ReplicasAsync("payments-api")).ShouldBe(3);

        await deployment.GetByLabel("To revision").SelectOptionAsync("1");
        await deployment.Locator("#rollback-reason-payments-api").FillAsync("INC-42 1.5.0 is the slow one");
        await deployment.GetByRole(AriaRole.Button, new() { Name = "Roll back…" }).ClickAsync();
        (await dev.Locator("#confirm").InnerTextAsync()).ShouldContain("Roll back Deployment payments-api in sandbox/payments to revision 1 (ghcr.io/example/payments-api:1.4.2).");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldStartWith("Rolled back payments-api from revision 2 (ghcr.io/example/payments-api:1.5.0)");
        (await ImagesAsync("payments-api")).ShouldBe(["ghcr.io/example/payments-api:1.4.2"]);

        await dev.Locator("#logs-reason").FillAsync("INC-42 looking for errors");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Read log…" }).ClickAsync();
        (await dev.Locator("#confirm").InnerTextAsync()).ShouldContain("Read the last 100 lines of the log of pod ");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        (await dev.Locator("#logs-heading").InnerTextAsync()).ShouldStartWith("Log of ");

        var pods = await dev.Locator("#exec-pod option").AllInnerTextsAsync();
        await dev.Locator("#exec-pod").SelectOptionAsync(pods.First(pod => pod.StartsWith("payments-api-", StringComparison.Ordinal)));
        await dev.GetByLabel("Command").FillAsync("printenv APP_NAME");
        await dev.Locator("#exec-reason").FillAsync("INC-42 which app is this");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Run…" }).ClickAsync();
        (await dev.Locator("#confirm").InnerTextAsync()).ShouldContain("Run printenv APP_NAME in pod payments-api-");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        (await dev.Locator("#stdout").InnerTextAsync()).Trim().ShouldBe("payments-api");
        (await dev.Locator("#exit-code").InnerTextAsync()).ShouldBe("0");
        await PortalBroker.ScreenshotAsync(dev, "grant-exec-output");

        await dev.GotoAsync("/portal/access");
        await grant.GetByRole(AriaRole.Button, new() { Name = "I'm done: revoke" }).ClickAsync();
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldStartWith("Revoked operate on sandbox/payments");
        (await dev.Locator("#history-heading + .table-wrap").InnerTextAsync()).ShouldContain("revoked");
        (await broker.Cluster.Admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("payments", labelSelector: $"accessbroker.io/grant={grantId}", cancellationToken: TestContext.Current.CancellationToken))
            .Items.ShouldBeEmpty();

        var auditor = await broker.SignInAsync("auditor");
        await auditor.GotoAsync("/portal/audit");
        (await auditor.Locator("#chain").CountAsync()).ShouldBe(0, "a plain view does not verify the chain");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        (await auditor.Locator("#chain").InnerTextAsync()).ShouldContain("Chain verified");
        await PortalBroker.ScreenshotAsync(auditor, "audit");
        await auditor.GetByLabel("Action").FillAsync("deployment.scaled");
        await auditor.GetByLabel("Grant id").FillAsync(grantId);
        await auditor.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await PortalBroker.ScreenshotAsync(auditor, "audit-filtered");
        var rows = auditor.Locator("#records tbody tr");
        (await rows.CountAsync()).ShouldBe(2, "an intent and a result record");
        (await rows.AllInnerTextsAsync()).ShouldAllBe(row => row.Contains("deployment.scaled"));
        var csv = await auditor.RunAndWaitForDownloadAsync(() => auditor.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var exported = (await File.ReadAllLinesAsync(await csv.PathAsync(), TestContext.Current.CancellationToken)).ToArray();
        exported[0].ShouldStartWith("sequence,id,time,action");
        exported.Length.ShouldBe(3);
        exported.Skip(1).ShouldAllBe(line => line.Contains(",deployment.scaled,"));

        await rows.First.GetByRole(AriaRole.Link).First.ClickAsync();
        (await auditor.Locator("#changes").InnerTextAsync()).ShouldContain("replicas\t2\t3");
        await PortalBroker.ScreenshotAsync(auditor, "audit-record");
        await auditor.GetByRole(AriaRole.Link, new() { Name = grantId }).ClickAsync();
        var activity = await auditor.Locator("main").InnerTextAsync();
        activity.ShouldContain("Lee Lead approved");
        activity.ShouldContain("deployment.rolledback");
        activity.ShouldContain("pod.logs");
        activity.ShouldContain("pod.exec");
        activity.ShouldContain("grant.revoked");
        await PortalBroker.ScreenshotAsync(auditor, "audit-grant-activity");
    }

    [Fact]
    public async Task WithoutJavaScript_RequestApproveAndRevoke_Work()
    {
        var dev = await broker.SignInAsync("dev", javaScript: false);
        await dev.GotoAsync("/portal/request");
        await FillRequestAsync(dev, "checkout", "troubleshoot", "INC-7 checkout errors");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        (await dev.Locator("#decision").InnerTextAsync()).ShouldContain("Needs approval");
        (await dev.GetByLabel("Namespace").InputValueAsync()).ShouldBe("checkout", "the check keeps the choices");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await dev.WaitForURLAsync("**/portal/access", PortalBroker.ArrivedOnly);

        var lead = await broker.SignInAsync("lead", javaScript: false);
        await lead.GotoAsync("/portal/approvals");
        var card = lead.Locator("article", new() { HasText = "asks for troubleshoot on sandbox/checkout" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        (await lead.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldContain("the grant is active");

        await dev.GotoAsync("/portal/access");
        var grant = dev.Locator("article", new() { HasText = "troubleshoot on sandbox/checkout" });
        (await grant.Locator("time").First.InnerTextAsync()).ShouldEndWith(" UTC", Case.Sensitive, "without script times stay in UTC");
        (await grant.Locator(".countdown").InnerTextAsync()).ShouldMatch(@"^\d+h \d+m left$|^\d+m \d+s left$");
        await PortalBroker.ScreenshotAsync(dev, "my-access-no-javascript");
        await grant.GetByRole(AriaRole.Button, new() { Name = "I'm done: revoke" }).ClickAsync();
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldStartWith("Revoked troubleshoot on sandbox/checkout");
    }

    [Fact]
    public async Task RequestAndMyAccess_OnAPhone_CheckLiveAndFitTheScreen()
    {
        var dev = await broker.SignInAsync("dev", viewport: new ViewportSize { Width = 375, Height = 667 });
        await dev.GotoAsync("/portal/request");
        await FillRequestAsync(dev, "payments", "view", "reading the payments logs");
        (await dev.Locator("#decision").InnerTextAsync()).ShouldContain("Granted at once (policy sandbox-view, up to 8h).", customMessage: "checked live, without pressing Check");
        await dev.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        (await dev.GetByRole(AriaRole.Status).First.InnerTextAsync()).ShouldStartWith("Granted: view on sandbox/payments");

        (await dev.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no sideways scrolling at 375 px");
        await PortalBroker.ScreenshotAsync(dev, "my-access-phone");
        await dev.GotoAsync("/portal/request");
        (await dev.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue();
        await PortalBroker.ScreenshotAsync(dev, "request-phone");
    }

    [Fact]
    public async Task AuditPages_ForANonAuditor_AreForbidden()
    {
        var dev = await broker.SignInAsync("dev");
        (await dev.Locator("header nav").InnerTextAsync()).ShouldNotContain("Audit");

        var response = await dev.GotoAsync("/portal/audit");

        await PortalBroker.ScreenshotAsync(dev, "audit-forbidden");
        response!.Status.ShouldBe(403);
        (await dev.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("Only auditors and admins can read the audit log.");
        (await dev.GotoAsync("/portal/audit/record/1"))!.Status.ShouldBe(403);
    }

    [Fact]
    public async Task AuditPage_VerifiesTheChainOnlyWhenAsked_WithoutJavaScript_KeepingTheFilters()
    {
        var auditor = await broker.SignInAsync("auditor", javaScript: false);
        await auditor.GotoAsync("/portal/audit?outcome=succeeded");
        (await auditor.Locator("#chain").CountAsync()).ShouldBe(0, "a plain view does not verify the chain");
        var forged = await auditor.Context.APIRequest.PostAsync("/portal/audit?handler=verify", new() { Form = auditor.Context.APIRequest.CreateFormData() });

        await auditor.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();

        (await auditor.Locator("#chain").InnerTextAsync()).ShouldMatch(@"Chain verified\s+all \d+ records hash-chained, none changed");
        (await auditor.GetByLabel("Outcome").InputValueAsync()).ShouldBe("succeeded", "the filters stay as they were");
        (await auditor.Locator("#records").CountAsync()).ShouldBe(1);
        forged.Status.ShouldBe(400, "verifying is a POST with the anti-forgery token");
    }

    [Fact]
    public async Task PortalResponses_CarryTheSecurityHeaders()
    {
        var dev = await broker.SignInAsync("dev");

        var response = await dev.GotoAsync("/portal/access");

        var headers = await response!.AllHeadersAsync();
        headers["content-security-policy"].ShouldBe(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        headers["x-content-type-options"].ShouldBe("nosniff");
        headers["referrer-policy"].ShouldBe("same-origin");
        headers["x-frame-options"].ShouldBe("DENY");
        headers["cache-control"].ShouldContain("no-store");
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRefused()
    {
        var dev = await broker.SignInAsync("dev");
        await dev.GotoAsync("/portal/access");
        var token = await dev.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var url = $"/portal/access?handler=revoke&id={Guid.NewGuid()}";

        var withoutToken = await dev.Context.APIRequest.PostAsync(url, new() { Form = FormWith(("reason", "forged")) });
        var withToken = await dev.Context.APIRequest.PostAsync(url, new() { Form = FormWith(("reason", "real"), ("__RequestVerificationToken", token!)) });

        withoutToken.Status.ShouldBe(400);
        (await withoutToken.TextAsync()).ShouldContain("The form could not be accepted");
        withToken.Status.ShouldBe(200, "the same post with the token reaches the handler");
        (await withToken.TextAsync()).ShouldContain("does not exist or is not visible to you");

        IFormData FormWith(params (string Name, string Value)[] fields)
        {
            var form = dev.Context.APIRequest.CreateFormData();
            foreach (var (name, value) in fields)
            {
                form.Set(name, value);
            }

            return form;
        }
    }

    private static async Task FillRequestAsync(IPage page, string @namespace, string role, string reason)
    {
        await page.GetByLabel("Cluster").SelectOptionAsync("sandbox");
        await page.GetByLabel("Namespace").FillAsync(@namespace);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByLabel("Duration").SelectOptionAsync("1h");
        await page.GetByLabel("Reason").FillAsync(reason);
    }

    /// <summary>A new image makes the Deployment's second revision, so there is one to roll back to.</summary>
    private async Task ArrangeSecondRevisionAsync(string deployment, string image)
    {
        var patch = new V1Patch($$"""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"{{image}}"}]""", V1Patch.PatchType.JsonPatch);
        await broker.Cluster.Admin.AppsV1.PatchNamespacedDeploymentAsync(patch, deployment, "payments", cancellationToken: TestContext.Current.CancellationToken);
    }

    private async Task<int?> ReplicasAsync(string deployment) =>
        (await broker.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync(deployment, "payments", cancellationToken: TestContext.Current.CancellationToken)).Spec.Replicas;

    private async Task<string[]> ImagesAsync(string deployment) =>
        (await broker.Cluster.Admin.AppsV1.ReadNamespacedDeploymentAsync(deployment, "payments", cancellationToken: TestContext.Current.CancellationToken))
            .Spec.Template.Spec.Containers.Select(container => container.Image).ToArray();

    [GeneratedRegex("^Actions")]
    private static partial Regex ActionsLink();
}
