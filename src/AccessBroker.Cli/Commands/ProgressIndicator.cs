namespace AccessBroker.Cli.Commands;

/// <summary>
/// Shows what a command is waiting for on stderr: a spinner rewritten in place on a terminal, otherwise one plain
/// line per change so logs of scripts stay readable.
/// </summary>
internal sealed class ProgressIndicator(TextWriter error) : IDisposable
{
    private static readonly char[] Frames = ['|', '/', '-', '\\'];
    private readonly bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private string? lastMessage;
    private int frame;

    public void Show(string message)
    {
        if (interactive)
        {
            error.Write($"\r{Frames[frame++ % Frames.Length]} {message}\u001b[K");
        }
        else if (message != lastMessage)
        {
            error.WriteLine($"waiting: {message}");
        }

        lastMessage = message;
    }

    public void Dispose()
    {
        if (interactive && lastMessage is not null)
        {
            error.Write("\r\u001b[K");
        }
    }
}
