namespace AccessBroker.Core.Requests;

/// <summary>A signed-in person as the identity provider described them at the time of an action.</summary>
public sealed record Person(string Subject, string Name, string? Email, IReadOnlyList<string> Groups);
