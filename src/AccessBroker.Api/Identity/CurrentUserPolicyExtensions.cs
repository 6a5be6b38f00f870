using AccessBroker.Core.Policies;

namespace AccessBroker.Api.Identity;

internal static class CurrentUserPolicyExtensions
{
    /// <summary>The caller as the policy evaluator sees them, groups as the token carries them now.</summary>
    public static PolicyUser ToPolicyUser(this CurrentUser user)
    {
        var person = user.Person;
        return new PolicyUser(person.Subject, person.Name, person.Email ?? string.Empty, person.Groups);
    }
}
