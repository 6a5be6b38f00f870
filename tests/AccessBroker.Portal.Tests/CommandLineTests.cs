using AccessBroker.Api.Portal;

namespace AccessBroker.Portal.Tests;

/// <summary>The exec form's command line: split at white space, quotes keep spaces, no shell.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("printenv APP_NAME", new[] { "printenv", "APP_NAME" })]
    [InlineData("  echo   hello  ", new[] { "echo", "hello" })]
    [InlineData("sh -c \"echo $HOME; ls\"", new[] { "sh", "-c", "echo $HOME; ls" })]
    [InlineData("echo 'a \"b\"' ''", new[] { "echo", "a \"b\"", "" })]
    [InlineData("", new string[0])]
    public void Split_GivesTheArguments(string line, string[] expected) => CommandLine.Split(line).ShouldBe(expected);

    [Fact]
    public void Quote_QuotesOnlyArgumentsWithSpacesOrEmpty() =>
        new[] { "ls", "a b", "" }.Select(CommandLine.Quote).ShouldBe(["ls", "\"a b\"", "\"\""]);
}
