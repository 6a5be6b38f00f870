using System.CommandLine;
using AccessBroker.Cli.Commands;
using AccessBroker.Core.Identity;

namespace AccessBroker.Cli.Tests;

public sealed class AdminCommandsTests
{
    [Fact]
    public async Task HashPassword_FromStdin_PrintsAHashThatVerifiesTheSamePasswordOnly()
    {
        var output = new StringWriter();
        var previousInput = Console.In;
        Console.SetIn(new StringReader("correct horse battery staple\n"));
        try
        {
            var exitCode = await new RootCommand { AdminCommands.CreateAdminCommand() }
                .Parse(["admin", "hash-password", "--stdin"])
                .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, TestContext.Current.CancellationToken);

            exitCode.ShouldBe(ExitCodes.Success);
        }
        finally
        {
            Console.SetIn(previousInput);
        }

        var hash = output.ToString().Trim();
        hash.ShouldStartWith("pbkdf2-sha256$600000$");
        SecretHasher.Verify("correct horse battery staple", hash).ShouldBeTrue();
        SecretHasher.Verify("correct horse battery stapler", hash).ShouldBeFalse();
    }
}
