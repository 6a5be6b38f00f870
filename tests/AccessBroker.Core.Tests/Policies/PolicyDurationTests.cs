using AccessBroker.Core.Policies;

namespace AccessBroker.Core.Tests.Policies;

public class PolicyDurationTests
{
    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("4h", 14400)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1h0m1s", 3601)]
    [InlineData("0h5m", 300)]
    [InlineData("100h", 360000)]
    public void TryParse_ValidDuration_GivesSeconds(string text, int seconds)
    {
        PolicyDuration.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("0h0m")]
    [InlineData("1d")]
    [InlineData("30")]
    [InlineData("m")]
    [InlineData("1h1h")]
    [InlineData("30m1h")]
    [InlineData("1.5h")]
    [InlineData("-1h")]
    [InlineData(" 1h")]
    [InlineData("1H")]
    [InlineData("9999999999h")]
    public void TryParse_InvalidDuration_Fails(string? text)
    {
        PolicyDuration.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(14401, "4h1s")]
    [InlineData(1, "1s")]
    [InlineData(0, "0s")]
    public void Format_WritesLargestUnitsFirst(int seconds, string expected)
    {
        PolicyDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
    }
}
