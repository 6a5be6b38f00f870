using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Actions;

/// <summary>Limits of brokered actions (<c>Actions:*</c>).</summary>
public sealed class ActionSettings
{
    public const string SectionName = "Actions";

    public const int MaxOutputLimitBytes = 64 * 1024 * 1024;

    public static readonly TimeSpan MaxExecTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long an exec may run before the broker closes its stream and answers 504.</summary>
    public TimeSpan ExecTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes of stdout and stderr together that an exec returns; the rest is dropped and the result flagged truncated.</summary>
    public int ExecOutputLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>Put the (possibly truncated) output itself into the exec's audit record, not only its size and SHA-256.</summary>
    public bool RecordExecOutput { get; set; }
}

/// <summary>Reports every action setting problem at once, each naming the key and the allowed range.</summary>
internal sealed class ActionSettingsValidator : IValidateOptions<ActionSettings>
{
    public ValidateOptionsResult Validate(string? name, ActionSettings options)
    {
        var failures = new List<string>();
        if (options.ExecTimeout <= TimeSpan.Zero || options.ExecTimeout > ActionSettings.MaxExecTimeout)
        {
            failures.Add($"Actions:ExecTimeout: '{options.ExecTimeout}' must be more than zero and at most {ActionSettings.MaxExecTimeout} (e.g. 00:00:30).");
        }

        if (options.ExecOutputLimitBytes is <= 0 or > ActionSettings.MaxOutputLimitBytes)
        {
            failures.Add($"Actions:ExecOutputLimitBytes: '{options.ExecOutputLimitBytes}' must be between 1 and {ActionSettings.MaxOutputLimitBytes} (64 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
