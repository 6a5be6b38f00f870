using AccessBroker.Persistence;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Settings;

/// <summary>Reports every database setting problem at once, each naming the key and how to fix it.</summary>
internal sealed class DatabaseSettingsValidator : IValidateOptions<DatabaseSettings>
{
    private const long MinimumAuditPartitionRecords = 10_000;

    public ValidateOptionsResult Validate(string? name, DatabaseSettings options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Database:Provider: '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        if (options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ConnectionStrings:AccessBroker: required when Database:Provider is Postgres (e.g. 'Host=db;Database=accessbroker;Username=accessbroker;Password=...').");
        }

        if (options.AuditPartitionRecords < MinimumAuditPartitionRecords)
        {
            failures.Add(
                $"Database:AuditPartitionRecords: {options.AuditPartitionRecords} is too small; use at least {MinimumAuditPartitionRecords:D} "
                + $"(default {DatabaseSettings.DefaultAuditPartitionRecords:D}), or every few records would start a new partition.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks the authority is an absolute HTTPS URL unless plain HTTP was explicitly allowed.</summary>
internal sealed class AuthenticationSettingsValidator : IValidateOptions<AuthenticationSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthenticationSettings options)
    {
        var failures = new List<string>();
        if (options.Authority is { } authority)
        {
            if (!authority.IsAbsoluteUri)
            {
                failures.Add($"Authentication:Authority: '{authority}' must be an absolute URL such as https://login.example.com/realms/dev.");
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && options.RequireHttpsMetadata)
            {
                failures.Add($"Authentication:Authority: '{authority}' must use https (set Authentication:RequireHttpsMetadata=false only for local development).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Authentication:Audience: required; the audience the provider puts into access tokens for AccessBroker.");
        }

        if (string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            failures.Add("Authentication:GroupsClaim: required; the claim that carries the user's groups, e.g. groups.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
