using AccessBroker.Api.Clusters;
using AccessBroker.Api.Features.Actions;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Features.Grants;
using AccessBroker.Api.Features.Policies;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Api.Portal;
using AccessBroker.Api.Settings;
using AccessBroker.Core.Policies;
using AccessBroker.Kubernetes;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog;

namespace AccessBroker.Api.Hosting;

internal static class AccessBrokerServices
{
    public static WebApplicationBuilder AddAccessBroker(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));

        builder.AddSettings();
        builder.Services.AddAccessBrokerPersistence();
        builder.Services.AddHostedService<AuditLogShutdown>();
        builder.Services.AddHostedService<DatabaseMigrationService>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddHttpContextAccessor();
        builder.AddDataProtectionKeys();
        builder.Services.AddAntiforgery();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped(services => new PortalNavigation(services.GetRequiredService<CurrentUser>()));
        builder.Services.AddPortalPages();
        builder.Services.AddSingleton<PolicyStore>();
        builder.Services.AddSingleton<PolicyReloader>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PolicyReloader>());
        builder.Services.AddAccessBrokerKubernetes();
        builder.Services.AddSingleton<ClusterStatus>();
        builder.Services.AddLeadership();
        builder.Services.AddHostedService<ClusterStartup>();
        builder.Services.AddScoped<GrantProvisioner>();
        builder.Services.AddScoped<GrantRevoker>();
        builder.Services.AddScoped<GrantActionRunner>();
        builder.Services.AddScoped<IGrantAuditScope, GrantAuditScope>();
        builder.Services.AddScoped<OrphanSweeper>();
        builder.Services.AddSingleton<GrantExpiryService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GrantExpiryService>());
        builder.Services.AddAccessBrokerRateLimits();

        builder.Services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(AuditBehaviour<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<ProblemDetailsExceptionHandler>(ServiceLifetime.Singleton, includeInternalTypes: true);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Minimal APIs answer unreadable bodies and unbindable parameters with an empty 400 unless asked to throw;
        // throwing lets the exception handler say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options => PolicyJson.Configure(options.SerializerOptions));

        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadinessTag])
            .AddCheck<ClustersHealthCheck>("clusters", tags: [HealthEndpoints.ReadinessTag]);
        builder.AddTelemetry();
        builder.AddApiAuthentication();
        return builder;
    }

    private static void AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseSettings>()
            .BindConfiguration("Database")
            .Configure<IConfiguration>((settings, configuration) => settings.ConnectionString ??= configuration.GetConnectionString("AccessBroker"))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidator>();

        builder.Services.AddOptions<AuthenticationSettings>().BindConfiguration(AuthenticationSettings.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthenticationSettings>, AuthenticationSettingsValidator>();
        builder.Services.AddOptions<AuthorizationSettings>().BindConfiguration(AuthorizationSettings.SectionName);
        builder.Services.AddOptions<PolicySettings>().BindConfiguration(PolicySettings.SectionName);
        builder.Services.AddOptions<GrantSettings>().BindConfiguration(GrantSettings.SectionName);
        builder.Services.AddOptions<ActionSettings>().BindConfiguration(ActionSettings.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ActionSettings>, ActionSettingsValidator>();
        builder.Services.AddOptions<ClustersSettings>()
            .Configure<IConfiguration>((settings, configuration) => configuration.GetSection(ClustersSettings.SectionName).Bind(settings.Clusters))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClustersSettings>, ClustersSettingsValidator>();
    }

    /// <summary>
    /// Cookies, antiforgery tokens and the OpenID Connect sign-in state are protected with ASP.NET Core's key ring.
    /// <c>DataProtection:KeysDirectory</c> puts it where the deployment wants it (a volume every replica mounts),
    /// instead of the home directory, which a read-only container does not have writable.
    /// </summary>
    private static void AddDataProtectionKeys(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("AccessBroker");
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } directory)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
    }

    private static void AddTelemetry(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(AccessBrokerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(AccessBrokerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
}
