using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Actions;

/// <summary>
/// Runs one non-interactive command in a pod of the grant's namespace (<c>kubectl exec POD [-c CONTAINER] -- CMD</c>),
/// bounded by <see cref="ActionSettings.ExecTimeout"/> and <see cref="ActionSettings.ExecOutputLimitBytes"/>. A
/// non-zero exit code is a successful call that reports it, as kubectl does; a command that runs too long is a 504.
/// </summary>
public sealed record ExecInPod(Guid GrantId, string Pod, string? Container, IReadOnlyList<string> Command, string Reason)
    : ICommand<Outcome<ExecutedCommand>>, IAuditedAction
{
    public const int MaxArguments = 64;
    public const int MaxArgumentLength = 4096;
    public const int MaxCommandLength = 16 * 1024;

    public AuditedAction DescribeForAudit() =>
        new(AuditActions.PodExec, new AuditTarget(null, null, "Pod", Pod), Reason, GrantId, Details: new { container = Container, command = Command });
}

/// <summary>
/// A finished command. <see cref="Stdout"/> and <see cref="Stderr"/> are the output as UTF-8 text (what the limit
/// kept); <see cref="OutputBytes"/> and <see cref="OutputSha256"/> (lowercase hex) cover the kept bytes, stdout then
/// stderr; <see cref="DroppedBytes"/> is what the command wrote past the limit, and <see cref="Truncated"/> says there was some.
/// </summary>
public sealed record ExecutedCommand(
    string Pod, string? Container, int ExitCode, string Stdout, string Stderr, long DurationMs, long OutputBytes, string OutputSha256, bool Truncated, long DroppedBytes)
    : IAuditedResult
{
    /// <summary>Whether the output text itself goes into the audit record (<see cref="ActionSettings.RecordExecOutput"/>).</summary>
    [JsonIgnore]
    public bool RecordOutput { get; init; }

    [JsonIgnore]
    public object AuditDetails => RecordOutput
        ? new { exitCode = ExitCode, durationMs = DurationMs, outputBytes = OutputBytes, outputSha256 = OutputSha256, truncated = Truncated, droppedBytes = DroppedBytes, stdout = Stdout, stderr = Stderr }
        : new { exitCode = ExitCode, durationMs = DurationMs, outputBytes = OutputBytes, outputSha256 = OutputSha256, truncated = Truncated, droppedBytes = DroppedBytes };

    internal static ExecutedCommand From(ExecInPod command, PodExecOutput output, TimeSpan duration, bool recordOutput)
    {
        var kept = new byte[output.Stdout.Length + output.Stderr.Length];
        output.Stdout.CopyTo(kept, 0);
        output.Stderr.CopyTo(kept, output.Stdout.Length);
        return new ExecutedCommand(
            command.Pod, command.Container, output.ExitCode, Encoding.UTF8.GetString(output.Stdout), Encoding.UTF8.GetString(output.Stderr),
            (long)duration.TotalMilliseconds, kept.Length, Convert.ToHexStringLower(SHA256.HashData(kept)), output.Truncated, output.DroppedBytes)
        {
            RecordOutput = recordOutput,
        };
    }
}

internal sealed class ExecInPodValidator : AbstractValidator<ExecInPod>
{
    public ExecInPodValidator()
    {
        RuleFor(command => command.Pod).ObjectName();
        RuleFor(command => command.Container!).KubernetesName().When(command => command.Container is not null);
        RuleFor(command => command.Command).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("name the command to run and its arguments, e.g. [\"cat\", \"/etc/hostname\"]")
            .Must(command => command.Count <= ExecInPod.MaxArguments).WithMessage($"at most {ExecInPod.MaxArguments} arguments")
            .Must(command => !string.IsNullOrEmpty(command[0])).WithMessage("the first element (the program) must not be empty")
            .Must(command => command.All(argument => argument is { Length: <= ExecInPod.MaxArgumentLength } && !argument.Contains('\0', StringComparison.Ordinal)))
            .WithMessage($"every argument must be a string of at most {ExecInPod.MaxArgumentLength} characters without NUL")
            .Must(command => command.Sum(argument => argument.Length) <= ExecInPod.MaxCommandLength)
            .WithMessage($"the arguments together must be at most {ExecInPod.MaxCommandLength} characters");
        RuleFor(command => command.Reason).ActionReason();
    }
}

internal sealed class ExecInPodHandler(GrantActionRunner runner, IGrantActions actions, IOptions<ActionSettings> settings, TimeProvider time)
    : ICommandHandler<ExecInPod, Outcome<ExecutedCommand>>
{
    public async ValueTask<Outcome<ExecutedCommand>> Handle(ExecInPod command, CancellationToken cancellationToken) =>
        await runner.RunAsync<ExecutedCommand>(command.GrantId, BrokeredAction.Exec, async grant =>
        {
            var limits = settings.Value;
            using var timeout = new CancellationTokenSource(limits.ExecTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var started = time.GetTimestamp();
            try
            {
                var output = await actions.ExecInPodAsync(
                    grant, new PodExecCommand(command.Pod, command.Container, command.Command, limits.ExecOutputLimitBytes), linked.Token);
                return ExecutedCommand.From(command, output, time.GetElapsedTime(started), limits.RecordExecOutput);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Closing the stream is all the exec protocol offers: Kubernetes does not promise to stop the process.
                return Failure.Timeout(
                    $"The command in pod '{command.Pod}' did not finish within {limits.ExecTimeout.TotalSeconds:0.###} s (Actions:ExecTimeout); the broker closed its exec stream and kept no output.");
            }
        }, cancellationToken);
}
