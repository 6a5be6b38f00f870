using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace AccessBroker.Api.Tests.Fixtures;

/// <summary>Every log event the broker writes, rendered with its properties and exception, for asserting what never appears in logs.</summary>
internal sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<string> events = new();

    public IReadOnlyCollection<string> Events => events;

    /// <summary>Serilog's <c>ReadFrom.Services</c> picks up sinks registered in the container.</summary>
    public void Install(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    public void Emit(LogEvent logEvent) =>
        events.Enqueue($"{logEvent.RenderMessage()} {string.Join(' ', logEvent.Properties.Select(property => $"{property.Key}={property.Value}"))} {logEvent.Exception}");
}
