using System.Diagnostics;

namespace AccessBroker.Api.Infrastructure;

/// <summary>The broker's OpenTelemetry activity source and meter name; the instruments are in <see cref="BrokerMetrics"/> and the audit writer's AuditMetrics.</summary>
internal static class AccessBrokerTelemetry
{
    public const string Name = "AccessBroker";

    public static readonly ActivitySource ActivitySource = new(Name);
}
