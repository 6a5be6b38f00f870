using AccessBroker.Api.Settings;
using AccessBroker.Core.Audit;
using AccessBroker.Core.Policies;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Features.Policies;

/// <summary>
/// Loads the policy folder at start-up and again whenever it changes (debounced). A set with any error is
/// rejected and the previous good set stays in force; every load, accepted or rejected, is audited with the
/// set's SHA-256. <see cref="Loaded"/> tells other parts (role-template sync) that a new set is in force.
/// </summary>
internal sealed partial class PolicyReloader(
    PolicyStore store, IAuditLog audit, IOptions<PolicySettings> settings, IHostEnvironment environment, ILogger<PolicyReloader> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim reloading = new(1, 1);
    private FileSystemWatcher? watcher;
    private Timer? debounce;

    public event Func<PolicySet, CancellationToken, Task>? Loaded;

    public string Directory => Path.GetFullPath(settings.Value.Directory, environment.ContentRootPath);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        if (settings.Value.Watch && System.IO.Directory.Exists(Directory))
        {
            debounce = new Timer(_ => ReloadInBackground());
            watcher = new FileSystemWatcher(Directory) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher?.Dispose();
        watcher = null;
        return Task.CompletedTask;
    }

    /// <summary>Loads the folder now; returns whether the new set is in force.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            var result = PolicyLoader.LoadDirectory(Directory);
            if (!store.TryReplace(result))
            {
                foreach (var error in result.Errors)
                {
                    LogRejected(error.ToString());
                }

                await AuditAsync(
                    new AuditEntry(AuditActions.PolicyRejected, AuditActor.System, AuditTarget.None, AuditOutcome.Failed,
                        Details: new { directory = Directory, errors = result.Errors.Select(error => error.ToString()).ToArray() }),
                    cancellationToken);
                return false;
            }

            var set = result.Set!;
            LogLoaded(set.Policies.Count, set.RoleTemplates.Count, set.Sha256);
            await AuditAsync(
                new AuditEntry(AuditActions.PolicyLoaded, AuditActor.System, AuditTarget.None, AuditOutcome.Succeeded,
                    Details: new { directory = Directory, sha256 = set.Sha256, policies = set.Policies.Count, roleTemplates = set.RoleTemplates.Count }),
                cancellationToken);
            if (Loaded is { } loaded)
            {
                await loaded(set, cancellationToken);
            }

            return true;
        }
        finally
        {
            reloading.Release();
        }
    }

    public void Dispose()
    {
        watcher?.Dispose();
        debounce?.Dispose();
        reloading.Dispose();
    }

    /// <summary>A load is never undone because the audit log is unavailable; the failure is logged instead.</summary>
    private async Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(entry, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAuditFailed(entry.Action, exception);
        }
    }

    private void ReloadInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogReloadFailed(exception);
        }
    });

    private void OnChanged(object sender, FileSystemEventArgs e) => debounce?.Change(settings.Value.ReloadDelay, Timeout.InfiniteTimeSpan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policies loaded: {Policies} policies, {RoleTemplates} role templates, sha256 {Sha256}")]
    private partial void LogLoaded(int policies, int roleTemplates, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Policy set rejected, previous set stays in force: {Error}")]
    private partial void LogRejected(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not audit {Action}")]
    private partial void LogAuditFailed(string action, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Policy reload failed")]
    private partial void LogReloadFailed(Exception exception);
}
