using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AccessBroker.Api.Infrastructure;

/// <summary>The broker's own OpenTelemetry meter and activity source; instruments are added by the features that count.</summary>
internal static class AccessBrokerTelemetry
{
    public const string Name = "AccessBroker";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);
}
