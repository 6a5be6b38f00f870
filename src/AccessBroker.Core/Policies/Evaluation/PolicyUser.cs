namespace AccessBroker.Core.Policies;

/// <summary>The person asking, as the identity provider described them at request time.</summary>
/// <param name="Subject">The stable subject identifier (<c>sub</c>).</param>
/// <param name="Name">The user name policies name in <c>subjects.users</c>.</param>
/// <param name="Email">May be empty.</param>
/// <param name="Groups">Group names from the identity provider.</param>
public sealed record PolicyUser(string Subject, string Name, string Email, IReadOnlyList<string> Groups);
