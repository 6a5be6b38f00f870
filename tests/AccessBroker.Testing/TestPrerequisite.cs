using Xunit;

namespace AccessBroker.Testing;

/// <summary>
/// Something a test needs from the machine (PostgreSQL, kubectl, chromium, npm packages). Missing locally, the test is
/// skipped with a message saying how to get it; under CI=true, where .ci/run installs everything, it fails instead.
/// </summary>
public static class TestPrerequisite
{
    public static void Require(bool present, string missingMessage)
    {
        if (present)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(missingMessage);
        }

        Assert.Skip(missingMessage);
    }
}
