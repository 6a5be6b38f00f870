namespace AccessBroker.Core.Grants;

/// <summary>Grant lifecycle: Provisioning → Active → Revoked | Expired, or Provisioning → Failed.</summary>
public enum GrantStatus
{
    Provisioning,
    Active,
    Revoked,
    Expired,
    Failed,
}
