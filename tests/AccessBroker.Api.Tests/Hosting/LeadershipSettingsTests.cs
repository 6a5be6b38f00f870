using AccessBroker.Api.Clusters;
using AccessBroker.Kubernetes;
using Microsoft.Extensions.Options;

namespace AccessBroker.Api.Tests.Hosting;

public sealed class LeadershipSettingsTests
{
    [Fact]
    public void DatabaseMode_NeedsNothingElse()
    {
        Validate(new LeadershipSettings(), Clusters("prod", "staging")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void LeaseMode_WithOneCluster_UsesItWithoutNamingIt()
    {
        var settings = new LeadershipSettings { Mode = LeadershipMode.Lease };

        Validate(settings, Clusters("prod")).Succeeded.ShouldBeTrue();
        settings.EffectiveCluster(Clusters("prod")).ShouldBe("prod");
    }

    [Fact]
    public void LeaseMode_WithSeveralClusters_NeedsTheClusterNamed()
    {
        var result = Validate(new LeadershipSettings { Mode = LeadershipMode.Lease }, Clusters("prod", "staging"));

        result.Failures!.ShouldHaveSingleItem().ShouldStartWith("Leadership:Cluster: required");
    }

    [Fact]
    public void LeaseMode_EveryProblem_IsReportedAtOnceNamingTheKey()
    {
        var settings = new LeadershipSettings
        {
            Mode = LeadershipMode.Lease,
            Cluster = "dev",
            LeaseName = "Leader_Lock",
            LeaseNamespace = "Broker",
            RetryPeriod = TimeSpan.Zero,
            RenewDeadline = TimeSpan.FromSeconds(20),
            LeaseDuration = TimeSpan.FromSeconds(15),
        };

        var result = Validate(settings, Clusters("prod", "staging"));

        result.Failures!.Select(failure => string.Join(':', failure.Split(':')[..2])).ShouldBe(
            ["Leadership:Cluster", "Leadership:LeaseName", "Leadership:LeaseNamespace", "Leadership:RetryPeriod", "Leadership:LeaseDuration"]);
        result.Failures!.First().ShouldContain("'dev' is not a configured cluster (configured: prod, staging)");
    }

    private static ValidateOptionsResult Validate(LeadershipSettings settings, ClustersSettings clusters) =>
        new LeadershipSettingsValidator(Options.Create(clusters)).Validate(null, settings);

    private static ClustersSettings Clusters(params string[] names)
    {
        var clusters = new ClustersSettings();
        foreach (var name in names)
        {
            clusters.Clusters[name] = new ClusterSettings { InCluster = true };
        }

        return clusters;
    }
}
