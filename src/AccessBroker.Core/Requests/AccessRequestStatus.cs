namespace AccessBroker.Core.Requests;

/// <summary>Where an access request stands. Only <see cref="Pending"/> can still change.</summary>
public enum AccessRequestStatus
{
    Pending,
    Approved,
    Denied,
    Cancelled,
    Expired,
}
