using System.Text.Json.Serialization;
using AccessBroker.Api.Features.Audit;
using AccessBroker.Api.Identity;
using AccessBroker.Api.Infrastructure;
using AccessBroker.Api.Settings;
using AccessBroker.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();

        builder.Services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(AuditBehaviour<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Minimal APIs answer unreadable bodies and unbindable parameters with an empty 400 unless asked to throw;
        // throwing lets the exception handler say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadinessTag]);
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

    private static void AddApiAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthenticationSettings>>((jwt, settings) =>
            {
                var authentication = settings.Value;
                jwt.Authority = authentication.Authority?.ToString();
                jwt.Audience = authentication.Audience;
                jwt.RequireHttpsMetadata = authentication.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = "name";
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
                jwt.TokenValidationParameters.ValidTypes = ["at+jwt", "JWT"];
            });
        builder.Services.AddAuthorization();
    }
}
