using AccessBroker.Api.Clusters;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Identity.EmbeddedProvider;
using AccessBroker.Api.Settings;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using AccessBroker.Testing;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AccessBroker.Packaging.Tests;

/// <summary><c>kubectl kustomize</c> renders each overlay of <c>deploy/kustomize</c> into what the brief asks for.</summary>
public sealed class KustomizeOverlayTests
{
    private const string FromSecret = "value-from-a-secret";
    private static readonly string[] Overlays = ["dev", "production"];

    public static TheoryData<string, string> OverlaysAndKubectls =>
        new(Overlays.SelectMany(overlay => RenderedOverlay.KubectlVersions.Select(version => (overlay, (string)version.Data))));

    [Theory]
    [MemberData(nameof(OverlaysAndKubectls))]
    public async Task Overlay_RendersWithKubectl_IntoTheServerObjects_AndNoSecret(string overlay, string kubectl)
    {
        var rendered = await RenderedOverlay.RenderAsync(overlay, kubectl);

        rendered.Single<V1Namespace>().Metadata.Name.ShouldBe("accessbroker");
        rendered.Single<V1ServiceAccount>().Metadata.Name.ShouldBe("accessbroker");
        rendered.Single<V1Service>().Spec.Ports.ShouldHaveSingleItem().TargetPort.Value.ShouldBe("http");
        rendered.Single<V1PodDisruptionBudget>().Spec.MaxUnavailable.Value.ShouldBe("1");
        rendered.Single<V1NetworkPolicy>().Spec.PolicyTypes.ShouldBe(["Ingress", "Egress"]);
        rendered.All<V1Secret>().ShouldBeEmpty("Secrets are created by the operator, never rendered from git");
        rendered.ConfigMap("accessbroker-settings").ShouldNotBeNull();
        rendered.ConfigMap("accessbroker-policies").ShouldNotBeNull();
        rendered.Objects.OfType<IMetadata<V1ObjectMeta>>()
            .Where(item => item is not V1Namespace and not V1ClusterRole and not V1ClusterRoleBinding)
            .ShouldAllBe(item => item.Metadata.NamespaceProperty == "accessbroker");
    }

    [Theory]
    [InlineData("dev", 1)]
    [InlineData("production", 2)]
    public async Task Deployment_RunsNonRootReadOnlyWithoutPrivileges_ProbesHealthAndReadiness_AndIsBounded(string overlay, int replicas)
    {
        var rendered = await RenderedOverlay.RenderAsync(overlay);
        var deployment = rendered.Deployment;
        var pod = deployment.Spec.Template.Spec;
        var server = rendered.Server;

        deployment.Spec.Replicas.ShouldBe(replicas);
        pod.ServiceAccountName.ShouldBe(rendered.Single<V1ServiceAccount>().Metadata.Name);
        pod.SecurityContext.RunAsNonRoot.ShouldBe(true);
        pod.SecurityContext.RunAsUser.ShouldNotBeNull().ShouldBeGreaterThan(0);
        pod.SecurityContext.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        server.SecurityContext.AllowPrivilegeEscalation.ShouldBe(false);
        server.SecurityContext.ReadOnlyRootFilesystem.ShouldBe(true);
        server.SecurityContext.Capabilities.Drop.ShouldBe(["ALL"]);
        server.SecurityContext.Capabilities.Add.ShouldBeNull();
        server.LivenessProbe.HttpGet.Path.ShouldBe("/healthz");
        server.StartupProbe.HttpGet.Path.ShouldBe("/healthz");
        server.ReadinessProbe.HttpGet.Path.ShouldBe("/readyz");
        server.Resources.Requests.Keys.ShouldBe(["cpu", "memory"], ignoreOrder: true);
        server.Resources.Limits.Keys.ShouldBe(["cpu", "memory"], ignoreOrder: true);
        server.Image.ShouldNotEndWith(":latest");
        server.VolumeMounts.Select(mount => mount.MountPath).ShouldContain("/tmp");
        rendered.Single<V1Service>().Spec.Selector.ShouldBe(deployment.Spec.Selector.MatchLabels);
        rendered.Single<V1PodDisruptionBudget>().Spec.Selector.MatchLabels.ShouldBe(deployment.Spec.Selector.MatchLabels);
        rendered.Single<V1NetworkPolicy>().Spec.PodSelector.MatchLabels.ShouldBe(deployment.Spec.Selector.MatchLabels);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task RenderedSettings_AreRealSettingsKeys_AndPassTheBrokersValidators(string overlay)
    {
        var rendered = await RenderedOverlay.RenderAsync(overlay);
        var settings = rendered.Settings(FromSecret);
        var kubeconfig = Path.GetTempFileName();
        try
        {
            // Kubeconfig files come from Secret volumes; the validator only needs them to exist.
            foreach (var key in settings.Keys.Where(key => key.EndsWith(":Kubeconfig", StringComparison.Ordinal)).ToList())
            {
                rendered.Server.VolumeMounts.ShouldContain(mount => settings[key]!.StartsWith(mount.MountPath + "/", StringComparison.Ordinal), $"{key} is not on a mounted volume");
                settings = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase) { [key] = kubeconfig };
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            configuration.GetChildren().Select(section => section.Key)
                .ShouldBeSubsetOf(["Database", "ConnectionStrings", "Authentication", "Authorization", "Policies", "Grants", "Clusters", "Identity", "DataProtection", "Leadership"]);

            var database = Bind<DatabaseSettings>(configuration, "Database");
            database.ConnectionString = configuration.GetConnectionString("AccessBroker");
            ShouldBeValid(new DatabaseSettingsValidator().Validate(null, database));
            var authentication = Bind<AuthenticationSettings>(configuration, AuthenticationSettings.SectionName);
            ShouldBeValid(new AuthenticationSettingsValidator().Validate(null, authentication));
            Bind<AuthorizationSettings>(configuration, AuthorizationSettings.SectionName);
            Bind<PolicySettings>(configuration, PolicySettings.SectionName).Directory.ShouldBe(rendered.Server.VolumeMounts.Single(mount => mount.Name == "policies").MountPath);
            Bind<GrantSettings>(configuration, GrantSettings.SectionName);
            var clusters = new ClustersSettings();
            configuration.GetSection(ClustersSettings.SectionName).Bind(clusters.Clusters, options => options.ErrorOnUnknownConfiguration = true);
            clusters.Clusters.ShouldNotBeEmpty();
            ShouldBeValid(new ClustersSettingsValidator().Validate(null, clusters));
            var leadership = Bind<LeadershipSettings>(configuration, LeadershipSettings.SectionName);
            ShouldBeValid(new LeadershipSettingsValidator(Options.Create(clusters)).Validate(null, leadership));
            if (authentication.UsesEmbeddedProvider)
            {
                var embedded = Bind<EmbeddedProviderSettings>(configuration, EmbeddedProviderSettings.SectionName);
                embedded.Clients.TryAdd("abctl", new ConfiguredClient { Flows = { ClientFlow.DeviceCode } }); // from appsettings.json
                ShouldBeValid(new EmbeddedProviderSettingsValidator(Options.Create(authentication)).Validate(null, embedded));
            }
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Dev_ManagesRoleTemplates_OnTheClusterItRunsIn()
    {
        var settings = (await RenderedOverlay.RenderAsync("dev")).Settings(FromSecret);

        settings["Clusters:dev:InCluster"].ShouldBe("true");
        settings["Clusters:dev:RoleTemplates"].ShouldBe(nameof(RoleTemplateMode.Manage));
        settings["Database:Provider"].ShouldBe(nameof(DatabaseProvider.Sqlite));
    }

    [Fact]
    public async Task Production_VerifiesRoleTemplatesEverywhere_OnPostgres_WithAnExternalProvider_AndSecretsOnlyByReference()
    {
        var rendered = await RenderedOverlay.RenderAsync("production");
        var settings = rendered.Settings(FromSecret);

        settings["Database:Provider"].ShouldBe(nameof(DatabaseProvider.Postgres));
        settings["ConnectionStrings:AccessBroker"].ShouldBe(FromSecret);
        settings["Authentication:Authority"].ShouldStartWith("https://");
        settings["Authentication:PortalClientSecret"].ShouldBe(FromSecret);
        settings["Leadership:Mode"].ShouldBe(nameof(LeadershipMode.Lease));
        settings["Leadership:Cluster"].ShouldBe("prod-eu");
        var clusters = settings.Keys.Where(key => key.StartsWith("Clusters:", StringComparison.Ordinal)).Select(key => key.Split(':')[1]).Distinct().ToList();
        clusters.Count.ShouldBeGreaterThan(1);
        clusters.ShouldContain(cluster => settings.GetValueOrDefault($"Clusters:{cluster}:InCluster") == "true");
        foreach (var cluster in clusters)
        {
            settings[$"Clusters:{cluster}:RoleTemplates"].ShouldBe(nameof(RoleTemplateMode.Verify), cluster);
            settings[$"Clusters:{cluster}:AuditWebhookToken"].ShouldBe(FromSecret, cluster);
        }

        var example = await File.ReadAllTextAsync(RepositoryLayout.PathOf("deploy", "kustomize", "overlays", "production", "secret.example.yaml"), TestContext.Current.CancellationToken);
        var referenced = rendered.Server.Env.Where(variable => variable.ValueFrom?.SecretKeyRef is not null).Select(variable => variable.ValueFrom.SecretKeyRef.Name)
            .Concat(rendered.Deployment.Spec.Template.Spec.Volumes.Where(volume => volume.Secret is not null).Select(volume => volume.Secret.SecretName));
        referenced.Distinct().ShouldAllBe(secret => example.Contains($"name: {secret}\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task PoliciesConfigMap_LoadsAsAPolicySet_AndInVerifyModeEveryTemplateHasItsRenderedClusterRole(string overlay)
    {
        var rendered = await RenderedOverlay.RenderAsync(overlay);
        var directory = Directory.CreateTempSubdirectory("accessbroker-policies-").FullName;
        try
        {
            foreach (var (file, content) in rendered.ConfigMap("accessbroker-policies").Data)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, file), content, TestContext.Current.CancellationToken);
            }

            var result = PolicyLoader.LoadDirectory(directory);
            result.Errors.ShouldBeEmpty();
            var clusterRoles = rendered.All<V1ClusterRole>().Select(role => role.Metadata.Name).ToList();
            if (rendered.Settings(FromSecret).Any(setting => setting.Key.EndsWith(":RoleTemplates", StringComparison.Ordinal) && setting.Value == nameof(RoleTemplateMode.Verify)))
            {
                result.Set!.RoleTemplates.Select(template => $"accessbroker:{template.Name}").ShouldBeSubsetOf(clusterRoles);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var settings = new T();
        configuration.GetSection(section).Bind(settings, options => options.ErrorOnUnknownConfiguration = true);
        return settings;
    }

    private static void ShouldBeValid(ValidateOptionsResult result) =>
        result.Failed.ShouldBeFalse(result.FailureMessage);
}
