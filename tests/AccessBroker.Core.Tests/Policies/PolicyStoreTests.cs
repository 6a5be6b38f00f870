using AccessBroker.Core.Policies;
using static AccessBroker.Core.Tests.Policies.PolicyFixtures;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyStoreTests
{
    private const string AutoSpec = """
          subjects: { groups: [devs] }
          clusters: ["*"]
          namespaces: ["*"]
          roles: [view]
          maxDuration: 1h
          approval: { mode: auto }
        """;

    [Fact]
    public void Current_BeforeAnyLoad_IsTheEmptySetThatDeniesEverything()
    {
        var store = new PolicyStore();

        store.Current.ShouldBeSameAs(PolicySet.Empty);
        store.Evaluate(User("bob", "devs"), Request(role: "view"), Now).Outcome.ShouldBe(DecisionOutcome.Denied);
    }

    [Fact]
    public void TryReplace_SuccessfulLoad_PutsTheNewSetInForce()
    {
        var store = new PolicyStore();
        var result = Load(Policy("devs-view", AutoSpec));

        store.TryReplace(result).ShouldBeTrue();

        store.Current.ShouldBeSameAs(result.Set);
        store.Evaluate(User("bob", "devs"), Request(role: "view"), Now).Outcome.ShouldBe(DecisionOutcome.Approved);
    }

    [Fact]
    public void TryReplace_FailedLoad_KeepsThePreviousGoodSet()
    {
        var store = new PolicyStore();
        var good = Load(Policy("devs-view", AutoSpec));
        store.TryReplace(good);

        store.TryReplace(Load(Policy("devs-view", AutoSpec.Replace("1h", "soon", StringComparison.Ordinal)))).ShouldBeFalse();

        store.Current.ShouldBeSameAs(good.Set);
    }
}
