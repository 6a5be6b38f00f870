namespace AccessBroker.Core.Policies;

/// <summary>What is asked for: a role on a cluster and namespace, for a duration, with a reason.</summary>
public sealed record PolicyRequest(string Cluster, string Namespace, string Role, TimeSpan Duration, string Reason);
