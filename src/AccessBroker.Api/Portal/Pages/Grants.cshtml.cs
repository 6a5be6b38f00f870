using AccessBroker.Api.Features.Actions;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Grants;
using AccessBroker.Kubernetes;
using Microsoft.AspNetCore.Mvc;

namespace AccessBroker.Api.Portal.Pages;

/// <summary>
/// One grant: its kubeconfig and the brokered actions its role permits. Every action form needs a reason and goes
/// through a confirmation step rendered by the server before the command is sent.
/// </summary>
public sealed class GrantsModel : PortalPageModel
{
    public GrantSummary? Grant { get; private set; }

    public GrantWorkloads? Workloads { get; private set; }

    /// <summary>Why the Deployments and pods could not be listed (the forms then take names as typed).</summary>
    public Failure? WorkloadsProblem { get; private set; }

    [BindProperty]
    public ActionForm Form { get; set; } = new();

    /// <summary>The action waiting for "Confirm", described in words.</summary>
    public string? Confirmation { get; private set; }

    public string? Logs { get; private set; }

    public ExecutedCommand? Executed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        return Grant is null ? NotFoundPage() : Page();
    }

    public async Task<IActionResult> OnGetKubeconfigAsync(Guid id)
    {
        var kubeconfig = await QueryAsync(new GetKubeconfig(id, new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}")));
        if (kubeconfig is null)
        {
            await LoadAsync(id);
            return Grant is null ? NotFoundPage() : Page();
        }

        return File(System.Text.Encoding.UTF8.GetBytes(kubeconfig), "application/yaml", $"accessbroker-{id.ToString("N")[..8]}.kubeconfig");
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        if (Grant is null)
        {
            return NotFoundPage();
        }

        if (string.IsNullOrWhiteSpace(Form.Reason))
        {
            Invalid("reason", "Say why you run this action; the reason goes into the audit log.");
            return Page();
        }

        if (!Form.Confirmed)
        {
            Confirmation = Describe();
            return Page();
        }

        return Form.Action switch
        {
            "scale" => Finish(await CommandAsync(new ScaleDeployment(id, Form.Deployment ?? string.Empty, Form.Replicas ?? -1, Form.Reason)),
                scaled => $"Scaled {scaled.Deployment} from {scaled.ReplicasBefore} to {scaled.ReplicasAfter} replicas."),
            "rollback" => Finish(await CommandAsync(new RollbackDeployment(id, Form.Deployment ?? string.Empty, Form.Revision, Form.Reason)),
                rolled => $"Rolled back {rolled.Deployment} from revision {rolled.RevisionBefore} ({string.Join(", ", rolled.ImagesBefore)}) to revision {rolled.RevisionAfter} ({string.Join(", ", rolled.ImagesAfter)})."),
            "restart" => Finish(await CommandAsync(new RestartDeployment(id, Form.Deployment ?? string.Empty, Form.Reason)),
                restarted => $"Restarted {restarted.Deployment}: its pods are being replaced."),
            "logs" => ShowLogs(await QueryAsync(new ReadPodLogs(id, Form.Pod ?? string.Empty, null, Form.TailLines, null, Form.Reason))),
            "exec" => ShowExecuted(await CommandAsync(new ExecInPod(id, Form.Pod ?? string.Empty, Blank(Form.Container), CommandLine.Split(Form.Command), Form.Reason))),
            _ => Unknown(),
        };
    }

    public DeploymentState? Deployment(string? name) => Workloads?.Deployments.FirstOrDefault(deployment => deployment.Name == name);

    private IActionResult Finish<T>(T? result, Func<T, string> notice) where T : class =>
        result is null ? Page() : Done(notice(result), $"/portal/grants/{Grant!.Id}");

    private IActionResult ShowLogs(PodLogs? logs)
    {
        Logs = logs?.Text;
        return Page();
    }

    private IActionResult ShowExecuted(ExecutedCommand? executed)
    {
        Executed = executed;
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private IActionResult Unknown()
    {
        Invalid("action", $"'{Form.Action}' is not an action of the portal.");
        return Page();
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Grant = await QueryAsync(new GetGrant(id));
        if (Grant?.Status == GrantStatus.Active)
        {
            var problem = Problem;
            Workloads = await QueryAsync(new GetGrantWorkloads(id));
            WorkloadsProblem = Problem;
            Problem = problem;
        }
    }

    private string Describe()
    {
        var where = $"in {Grant!.Cluster}/{Grant.Namespace}";
        var deployment = Deployment(Form.Deployment);
        return Form.Action switch
        {
            "scale" => $"Scale Deployment {Form.Deployment} {where} from {deployment?.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "its current count"} to {Form.Replicas} replicas.",
            "rollback" => Form.Revision is { } revision
                ? $"Roll back Deployment {Form.Deployment} {where} to revision {revision} ({string.Join(", ", deployment?.Revisions.FirstOrDefault(r => r.Revision == revision)?.Images ?? [])})."
                : $"Roll back Deployment {Form.Deployment} {where} to its previous revision.",
            "restart" => $"Restart Deployment {Form.Deployment} {where}: every pod is replaced.",
            "logs" => $"Read the last {Form.TailLines ?? 100} lines of the log of pod {Form.Pod} {where}.",
            "exec" => $"Run {string.Join(' ', CommandLine.Split(Form.Command).Select(CommandLine.Quote))} in pod {Form.Pod}{(Blank(Form.Container) is { } container ? $" (container {container})" : string.Empty)} {where}.",
            _ => $"Run '{Form.Action}'.",
        };
    }
}

/// <summary>The fields of every action form; each form sets <see cref="Action"/> and the fields it needs.</summary>
public sealed class ActionForm
{
    public string? Action { get; set; }

    public string? Deployment { get; set; }

    public int? Replicas { get; set; }

    public long? Revision { get; set; }

    public string? Pod { get; set; }

    public int? TailLines { get; set; }

    public string? Container { get; set; }

    /// <summary>The exec command as typed: arguments split at spaces, quotes ("…" or '…') keep spaces inside one.</summary>
    public string? Command { get; set; }

    public string? Reason { get; set; }

    public bool Confirmed { get; set; }
}
