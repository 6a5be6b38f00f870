using AccessBroker.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAccessBroker();

try
{
    var app = builder.Build();
    app.UseAccessBroker();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.IsConfigurationError(exception))
{
    foreach (var line in StartupFailure.Describe(exception))
    {
        await Console.Error.WriteLineAsync(line);
    }

    return 1;
}

/// <summary>Entry point; public so integration tests can host the broker with WebApplicationFactory.</summary>
public partial class Program;
