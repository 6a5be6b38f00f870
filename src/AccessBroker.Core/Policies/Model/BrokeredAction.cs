namespace AccessBroker.Core.Policies;

/// <summary>An action that AccessBroker can perform on a user's behalf with a grant's own token.</summary>
public enum BrokeredAction
{
    Scale,
    Rollback,
    Restart,
    Exec,
    Logs,
}
