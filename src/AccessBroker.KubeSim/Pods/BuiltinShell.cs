using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AccessBroker.KubeSim.Storage;

namespace AccessBroker.KubeSim.Pods;

/// <summary>Where a simulated process reads and writes.</summary>
internal sealed record ProcessIo(Func<string, Task> Stdout, Func<string, Task> Stderr, Func<CancellationToken, Task<string>> ReadStdin);

/// <summary>
/// The few commands a simulated container can run: echo, env/printenv, hostname, sleep, cat of a few fake files,
/// true/false, pwd, whoami, date, and <c>sh -c</c>/<c>bash -c</c> for simple lines (words, quotes, $VAR,
/// <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, exit). Anything else fails with exit code 127, as a shell reports a missing command.
/// </summary>
internal sealed class BuiltinShell(JsonObject pod, JsonObject container, TimeProvider time)
{
    public const int NotFoundExitCode = 127;

    private IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOSTNAME"] = pod.Name(),
            ["HOME"] = "/root",
            ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
            ["KUBERNETES_SERVICE_PORT"] = "443",
        };
        foreach (var variable in container["env"] as JsonArray ?? [])
        {
            if (variable.GetString("name") is { } name)
            {
                env[name] = variable.GetString("value") ?? "";
            }
        }
        return env;
    }

    private IReadOnlyDictionary<string, string> Files() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/etc/hostname"] = $"{pod.Name()}\n",
        ["/etc/os-release"] = "PRETTY_NAME=\"KubeSim simulated container\"\nNAME=\"KubeSim\"\nID=kubesim\n",
        ["/etc/hosts"] = $"127.0.0.1\tlocalhost\n{pod["status"].GetString("podIP")}\t{pod.Name()}\n",
        ["/etc/resolv.conf"] = $"search {pod.Namespace()}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n",
        ["/var/run/secrets/kubernetes.io/serviceaccount/namespace"] = pod.Namespace(),
    };

    public async Task<int> RunAsync(IReadOnlyList<string> argv, ProcessIo io, CancellationToken ct)
    {
        if (argv.Count == 0)
        {
            return 0;
        }
        var args = argv.Skip(1).ToList();
        switch (argv[0].Split('/').Last())
        {
            case "echo":
                var noNewline = args.FirstOrDefault() == "-n";
                await io.Stdout(string.Join(' ', noNewline ? args.Skip(1) : args) + (noNewline ? "" : "\n"));
                return 0;
            case "env" or "printenv" when args.Count == 0:
                await io.Stdout(string.Concat(Environment().Select(e => $"{e.Key}={e.Value}\n")));
                return 0;
            case "printenv":
                var found = args.Where(Environment().ContainsKey).ToList();
                await io.Stdout(string.Concat(found.Select(a => Environment()[a] + "\n")));
                return found.Count == args.Count ? 0 : 1;
            case "hostname":
                await io.Stdout(pod.Name() + "\n");
                return 0;
            case "pwd":
                await io.Stdout("/\n");
                return 0;
            case "whoami":
                await io.Stdout("root\n");
                return 0;
            case "date":
                await io.Stdout(time.GetUtcNow().ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture) + "\n");
                return 0;
            case "true":
                return 0;
            case "false":
                return 1;
            case "sleep":
                if (!double.TryParse(args.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                {
                    await io.Stderr("sleep: invalid time interval\n");
                    return 1;
                }
                await Task.Delay(TimeSpan.FromSeconds(seconds), time, ct);
                return 0;
            case "cat":
                return await CatAsync(args, io, ct);
            case "sh" or "bash" when args.Count >= 2 && args[0] == "-c":
                return await RunLineAsync(args[1], io, ct);
            default:
                await io.Stderr($"exec: \"{argv[0]}\": executable file not found in $PATH\n");
                return NotFoundExitCode;
        }
    }

    private async Task<int> CatAsync(List<string> files, ProcessIo io, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            await io.Stdout(await io.ReadStdin(ct));
            return 0;
        }
        var exitCode = 0;
        foreach (var file in files)
        {
            if (Files().TryGetValue(file, out var content))
            {
                await io.Stdout(content);
            }
            else
            {
                await io.Stderr($"cat: {file}: No such file or directory\n");
                exitCode = 1;
            }
        }
        return exitCode;
    }

    /// <summary>Runs a command line of simple commands joined by ;, &amp;&amp; and ||.</summary>
    private async Task<int> RunLineAsync(string line, ProcessIo io, CancellationToken ct)
    {
        var exitCode = 0;
        var (words, separator) = (new List<string>(), ";");
        foreach (var (token, isOperator) in Tokenize(line))
        {
            if (!isOperator)
            {
                words.Add(token);
                continue;
            }
            (exitCode, var exited) = await RunSimpleAsync(words, separator, exitCode, io, ct);
            if (exited)
            {
                return exitCode;
            }
            (words, separator) = ([], token);
        }
        return (await RunSimpleAsync(words, separator, exitCode, io, ct)).ExitCode;
    }

    private async Task<(int ExitCode, bool Exited)> RunSimpleAsync(List<string> words, string separator, int previous, ProcessIo io, CancellationToken ct)
    {
        if (words.Count == 0 || (separator == "&&" && previous != 0) || (separator == "||" && previous == 0))
        {
            return (previous, false);
        }
        if (words[0] == "exit")
        {
            return (int.TryParse(words.ElementAtOrDefault(1), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : previous, true);
        }
        var known = new[] { "echo", "env", "printenv", "hostname", "pwd", "whoami", "date", "true", "false", "sleep", "cat", "sh", "bash" };
        if (!known.Contains(words[0].Split('/').Last()))
        {
            await io.Stderr($"sh: 1: {words[0]}: not found\n");
            return (NotFoundExitCode, false);
        }
        return (await RunAsync(words, io, ct), false);
    }

    /// <summary>Splits a line into words and operators, honouring single and double quotes and expanding $VAR and ${VAR}.</summary>
    private IEnumerable<(string Token, bool IsOperator)> Tokenize(string line)
    {
        var env = Environment();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(line, i + 1, end - i - 1);
                (i, inWord) = (end, true);
            }
            else if (c == '"')
            {
                var end = line.IndexOf('"', i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(Expand(line[(i + 1)..end], env));
                (i, inWord) = (end, true);
            }
            else if (c == '$')
            {
                var (value, length) = Variable(line, i, env);
                word.Append(value);
                (i, inWord) = (i + length - 1, true);
            }
            else if (char.IsWhiteSpace(c) || c is ';' or '&' or '|')
            {
                if (inWord)
                {
                    yield return (word.ToString(), false);
                    (word, inWord) = (new StringBuilder(), false);
                }
                if (c == ';')
                {
                    yield return (";", true);
                }
                else if (c is '&' or '|' && i + 1 < line.Length && line[i + 1] == c)
                {
                    yield return (new string(c, 2), true);
                    i++;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            yield return (word.ToString(), false);
        }
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> env)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$')
            {
                var (value, length) = Variable(text, i, env);
                result.Append(value);
                i += length - 1;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }

    private static (string Value, int Length) Variable(string text, int start, IReadOnlyDictionary<string, string> env)
    {
        var braced = start + 1 < text.Length && text[start + 1] == '{';
        var nameStart = start + (braced ? 2 : 1);
        var end = nameStart;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }
        if (end == nameStart)
        {
            return ("$", 1);
        }
        var name = text[nameStart..end];
        var length = end - start + (braced && end < text.Length && text[end] == '}' ? 1 : 0);
        return (env.GetValueOrDefault(name, ""), length);
    }
}
