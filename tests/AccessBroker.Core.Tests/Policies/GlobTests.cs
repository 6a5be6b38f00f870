using AccessBroker.Core.Policies;

namespace AccessBroker.Core.Tests.Policies;

public class GlobTests
{
    [Theory]
    [InlineData("staging", "staging", true)]
    [InlineData("staging", "staging-2", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("prod-*", "prod-eu", true)]
    [InlineData("prod-*", "prod-", true)]
    [InlineData("prod-*", "prod", false)]
    [InlineData("*-eu", "prod-eu", true)]
    [InlineData("*-eu", "prod-us", false)]
    [InlineData("prod-??", "prod-eu", true)]
    [InlineData("prod-??", "prod-e", false)]
    [InlineData("p*-*-1", "prod-eu-1", true)]
    [InlineData("p*-*-1", "prod-eu-2", false)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b", "xxbxxa", false)]
    [InlineData("team-*-api", "team-payments-api", true)]
    [InlineData("team-*-api", "team-api", false)]
    public void IsMatch_FollowsWildcardRules(string pattern, string value, bool expected)
    {
        Glob.Compile(pattern).IsMatch(value).ShouldBe(expected);
    }
}
