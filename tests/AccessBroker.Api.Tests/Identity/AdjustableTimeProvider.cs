namespace AccessBroker.Api.Tests.Identity;

/// <summary>A clock the test moves forward, so expiry is tested without waiting.</summary>
public sealed class AdjustableTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
