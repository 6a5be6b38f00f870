namespace AccessBroker.Core.Policies;

/// <summary>Decides requests against policies.</summary>
public interface IPolicyEvaluator
{
    /// <param name="user">Who asks.</param>
    /// <param name="request">What they ask for.</param>
    /// <param name="now">The time the decision is made at; the CEL variable <c>now</c>.</param>
    /// <param name="explain">
    /// Whether to explain every policy of the set. Without it the decision looks only at the policies the index
    /// finds for the user and role, and <see cref="PolicyDecision.Explanations"/> is empty; the outcome is the same.
    /// </param>
    PolicyDecision Evaluate(PolicyUser user, PolicyRequest request, DateTimeOffset now, bool explain = false);
}
