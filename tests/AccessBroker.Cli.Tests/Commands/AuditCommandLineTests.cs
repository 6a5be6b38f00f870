namespace AccessBroker.Cli.Tests.Commands;

/// <summary>Bad audit options are refused before any broker is asked, in one line with exit code 2.</summary>
public sealed class AuditCommandLineTests
{
    [Theory]
    [InlineData("audit", "--grant", "not-a-guid")]
    [InlineData("audit", "--since", "3 days")]
    [InlineData("audit", "--since", "1h", "--from", "2026-11-25T10:00:00Z")]
    [InlineData("audit", "--outcome", "maybe")]
    [InlineData("audit", "--limit", "0")]
    [InlineData("audit", "-o", "yaml")]
    [InlineData("audit", "export", "--format", "xml")]
    [InlineData("grants", "activity", "not-a-guid")]
    public void Audit_InvalidOptions_ExitTwoWithOneLine(params string[] args)
    {
        var (exitCode, output, error) = CliRunner.Run(args);

        exitCode.ShouldBe(ExitCodes.InvalidInput);
        output.ShouldBeEmpty();
        error.ShouldStartWith("abctl: ");
        error.Trim().Split('\n').Length.ShouldBe(1);
    }
}
