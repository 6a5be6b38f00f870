namespace AccessBroker.Core.Policies;

/// <summary>
/// Holds the policy set in force. Readers always see one whole set; a failed load leaves the previous good set
/// in force. Safe to share between threads; register it once as a singleton.
/// </summary>
public sealed class PolicyStore : IPolicyEvaluator
{
    private PolicySet _current = PolicySet.Empty;

    /// <summary>The set in force; <see cref="PolicySet.Empty"/> (deny everything) until a load succeeds.</summary>
    public PolicySet Current => Volatile.Read(ref _current);

    /// <summary>Puts the loaded set in force if the load succeeded; returns whether it did.</summary>
    public bool TryReplace(PolicyLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Set is null)
        {
            return false;
        }

        Volatile.Write(ref _current, result.Set);
        return true;
    }

    public PolicyDecision Evaluate(PolicyUser user, PolicyRequest request, DateTimeOffset now, bool explain = false) =>
        Current.Evaluate(user, request, now, explain);
}
