using System.CommandLine;
using System.Text.Json;
using AccessBroker.Cli.Auth;

namespace AccessBroker.Cli.Commands;

/// <summary>
/// <c>abctl credential GRANT</c>: the kubectl exec credential plugin. Stdout carries the ExecCredential and nothing
/// else, as the client-go credential plugin protocol requires; everything else goes to stderr.
/// </summary>
internal static class CredentialCommand
{
    private const string DefaultApiVersion = "client.authentication.k8s.io/v1";

    public static Command Create(CliEnvironment? environment = null)
    {
        var grant = new Argument<Guid>("GRANT") { Description = "The grant id." };
        var server = CommandRunner.NewServerOption();
        var command = new Command("credential", "kubectl exec plugin: print a short-lived ExecCredential for a grant, cached until shortly before it expires.")
        {
            grant, server,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var grantId = parseResult.GetValue(grant);
            var apiVersion = RequestedApiVersion();
            var broker = context.Broker(parseResult.GetValue(server));
            var cache = new CredentialCache(context.Environment.ConfigDirectory, context.Environment.Time);
            var credential = cache.Load(broker.Server, grantId, apiVersion);
            if (credential is null)
            {
                credential = (await broker.PostAsync(
                    $"api/v1/grants/{grantId}/credential?apiVersion={Uri.EscapeDataString(apiVersion)}", body: null, cancellationToken)).GetRawText();
                cache.Save(broker.Server, grantId, apiVersion, credential);
            }

            await output.WriteLineAsync(credential);
        }));
        return command;
    }

    /// <summary>
    /// kubectl passes <c>KUBERNETES_EXEC_INFO</c> (an ExecCredential with the apiVersion it expects) when the kubeconfig
    /// asks for it; the answer must use that apiVersion. See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#input-and-output-formats.
    /// </summary>
    private static string RequestedApiVersion()
    {
        var execInfo = Environment.GetEnvironmentVariable("KUBERNETES_EXEC_INFO");
        if (string.IsNullOrWhiteSpace(execInfo))
        {
            return DefaultApiVersion;
        }

        try
        {
            using var document = JsonDocument.Parse(execInfo);
            return document.RootElement.TryGetProperty("apiVersion", out var apiVersion) && apiVersion.GetString() is { Length: > 0 } version
                ? version
                : DefaultApiVersion;
        }
        catch (JsonException)
        {
            throw new CliException("KUBERNETES_EXEC_INFO is not valid JSON.", ExitCodes.InvalidInput);
        }
    }
}
