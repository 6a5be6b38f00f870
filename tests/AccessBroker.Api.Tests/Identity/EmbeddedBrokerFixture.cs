namespace AccessBroker.Api.Tests.Identity;

/// <summary>One embedded-provider broker shared by the tests of a class.</summary>
public sealed class EmbeddedBrokerFixture : IAsyncLifetime
{
    private EmbeddedBrokerHost? host;

    public EmbeddedBrokerHost Host => host ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync() => host = await EmbeddedBrokerHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
