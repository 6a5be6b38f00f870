using System.Text.Json.Serialization;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Who a policy is for: members of any of <see cref="Groups"/>, or the users named in <see cref="Users"/>
/// (matched against the user's name or subject). A user entry <c>"*"</c> matches every signed-in user.
/// </summary>
public sealed record SubjectSelector(IReadOnlyList<string> Groups, IReadOnlyList<string> Users)
{
    public const string Everyone = "*";

    [JsonIgnore]
    public bool IncludesEveryone { get; } = Users.Contains(Everyone);

    public bool Matches(PolicyUser user)
    {
        if (IncludesEveryone || ContainsOrdinal(Users, user.Name) || ContainsOrdinal(Users, user.Subject))
        {
            return true;
        }

        foreach (var group in user.Groups)
        {
            if (ContainsOrdinal(Groups, group))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsOrdinal(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
