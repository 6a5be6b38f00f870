using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AccessBroker.Cli.Auth;
using AccessBroker.Core.Policies;

namespace AccessBroker.Cli.Commands;

/// <summary>
/// <c>abctl audit</c> (filtered records, newest first, following the broker's cursor), <c>abctl audit export</c>
/// (streamed JSON Lines or CSV) and <c>abctl audit verify</c> (the hash chain; exit 1 when broken).
/// </summary>
internal static class AuditCommands
{
    public const int DefaultLimit = 100;

    /// <summary>The broker's largest page (<c>ListAuditRecords.MaxLimit</c>).</summary>
    private const int MaxPage = 500;

    private static readonly string[] Outcomes = ["intended", "succeeded", "failed", "denied"];

    public static Command Create(CliEnvironment? environment = null)
    {
        var filters = new AuditFilterOptions();
        var limit = new Option<int>("--limit") { Description = $"At most this many records (default {DefaultLimit}).", DefaultValueFactory = _ => DefaultLimit };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var server = CommandRunner.NewServerOption();
        var format = new Option<string>("--output", "-o") { Description = "table (for people) or json (one record per line, for scripts).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("audit", "Audit records matching the filters, newest first (auditors see all, others their own).")
        {
            limit, server, format, CreateExportCommand(environment), CreateVerifyCommand(environment),
        };
        filters.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var query = filters.Query(parseResult, context.Environment.Time);
            var broker = context.Broker(parseResult.GetValue(server));
            var json = parseResult.GetValue(format) == "json";
            var rows = new List<IReadOnlyList<string>>();
            await foreach (var record in ListAsync(broker, query, parseResult.GetValue(limit), cancellationToken))
            {
                if (json)
                {
                    await output.WriteLineAsync(record.GetRawText());
                }
                else
                {
                    rows.Add(Row(record));
                }
            }

            if (!json)
            {
                await output.WriteLineAsync(rows.Count == 0
                    ? "No audit records match."
                    : TextTable.Render(["SEQ", "TIME", "ACTOR", "ACTION", "OUTCOME", "TARGET", "GRANT", "REASON"], rows));
            }
        }));
        return command;
    }

    /// <summary>Pages through <c>GET /api/v1/audit</c> until <paramref name="limit"/> records or the last page.</summary>
    private static async IAsyncEnumerable<JsonElement> ListAsync(
        BrokerClient broker, string query, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        var remaining = limit;
        do
        {
            var path = $"api/v1/audit?{query}limit={Math.Min(remaining, MaxPage)}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await broker.GetAsync(path, cancellationToken);
            foreach (var record in page.Items("items").Take(remaining))
            {
                remaining--;
                yield return record;
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && remaining > 0);
    }

    private static IReadOnlyList<string> Row(JsonElement record)
    {
        var actor = record.Object("actor");
        return
        [
            record.Text("sequence"), record.Text("time"), actor?.Text("subject") ?? "-", record.Text("action"), record.Text("outcome"),
            Target(record.Object("target")), ShortId(record.Text("grantId")), record.Text("reason"),
        ];
    }

    /// <summary><c>cluster/namespace kind/name</c>, leaving out what the record does not name.</summary>
    public static string Target(JsonElement? target)
    {
        if (target is not { } t)
        {
            return "-";
        }

        var place = string.Join('/', new[] { t.Text("cluster"), t.Text("namespace") }.Where(part => part != "-"));
        var thing = string.Join('/', new[] { t.Text("kind"), t.Text("name") }.Where(part => part != "-"));
        var text = $"{place} {thing}".Trim();
        return text.Length == 0 ? "-" : text;
    }

    public static string ShortId(string id) => id.Length > 8 && id != "-" ? id[..8] : id;

    private static Command CreateExportCommand(CliEnvironment? environment)
    {
        var filters = new AuditFilterOptions();
        var exportFormat = new Option<string>("--format") { Description = "jsonl (one record per line) or csv.", DefaultValueFactory = _ => "jsonl" };
        exportFormat.AcceptOnlyFromAmong("jsonl", "csv");
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE instead of stdout." };
        var server = CommandRunner.NewServerOption();
        var command = new Command("export", "Stream every matching record, oldest first, as JSON Lines or CSV (with the hash chain).")
        {
            exportFormat, file, server,
        };
        filters.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var query = filters.Query(parseResult, context.Environment.Time);
            var broker = context.Broker(parseResult.GetValue(server));
            var path = $"api/v1/audit/export?{query}format={parseResult.GetValue(exportFormat)}";
            if (parseResult.GetValue(file) is not { } target)
            {
                await using var stdout = new TextWriterStream(output);
                await CopyAsync(broker, path, stdout, cancellationToken);
                return;
            }

            // The file appears only complete: a cut-off export leaves no truncated file that looks whole.
            var partial = target.FullName + ".partial";
            var lines = new LineCountingStream(new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true));
            try
            {
                await using (lines)
                {
                    await CopyAsync(broker, path, lines, cancellationToken);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }

            var records = parseResult.GetValue(exportFormat) == "csv" ? Math.Max(0, lines.Lines - 1) : lines.Lines;
            await output.WriteLineAsync($"Exported {records} record(s) to {target.FullName}.");
        }));
        return command;
    }

    private static async Task CopyAsync(BrokerClient broker, string path, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await broker.CopyToAsync(path, destination, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new CliException($"the export from {broker.Server} was cut off: {exception.Message}");
        }
    }

    private static Command CreateVerifyCommand(CliEnvironment? environment)
    {
        var server = CommandRunner.NewServerOption();
        var format = CommandRunner.NewFormatOption();
        var command = new Command("verify", "Recompute the audit log's hash chain (auditors and admins); exits 1 when it is broken.") { server, format };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, environment, async (context, output) =>
        {
            var result = await context.Broker(parseResult.GetValue(server)).GetAsync("api/v1/audit/verify", cancellationToken);
            var valid = result.TryGetProperty("valid", out var flag) && flag.ValueKind == JsonValueKind.True;
            await output.WriteLineAsync(parseResult.GetValue(format) == "json" ? result.GetRawText()
                : valid ? $"valid: {result.Text("count")} records, hash chain intact."
                : $"invalid: the hash chain breaks at sequence {result.Text("firstInvalidSequence")} ({result.Text("count")} records read).");
            if (!valid)
            {
                throw new CliException($"audit log verification failed at sequence {result.Text("firstInvalidSequence")}.");
            }
        }));
        return command;
    }

    /// <summary>The filters of <c>GET /api/v1/audit</c> and its export, as options; each command gets its own instances.</summary>
    private sealed class AuditFilterOptions
    {
        private readonly Option<string?> actor = new("--actor") { Description = "Actor subject (exact)." };
        private readonly Option<string?> action = new("--action") { Description = "Action, e.g. kube.api, grant.revoked." };
        private readonly Option<string?> cluster = new("--cluster", "-c") { Description = "Target cluster." };
        private readonly Option<string?> @namespace = new("--namespace", "-n") { Description = "Target namespace." };
        private readonly Option<Guid?> grant = new("--grant") { Description = "Grant id." };
        private readonly Option<Guid?> request = new("--request") { Description = "Request id." };
        private readonly Option<string?> outcome = new("--outcome") { Description = "intended, succeeded, failed or denied." };
        private readonly Option<string?> since = new("--since") { Description = "Records of the last DURATION, e.g. 30m, 2h, 48h (instead of --from)." };
        private readonly Option<DateTimeOffset?> from = new("--from") { Description = "Records at or after this time (ISO 8601, e.g. 2026-11-25T12:00:00Z)." };
        private readonly Option<DateTimeOffset?> to = new("--to") { Description = "Records before this time (ISO 8601)." };

        public AuditFilterOptions()
        {
            outcome.AcceptOnlyFromAmong(Outcomes);
            since.Validators.Add(result =>
            {
                if (!PolicyDuration.TryParse(result.GetValueOrDefault<string?>(), out _))
                {
                    result.AddError($"--since '{result.GetValueOrDefault<string?>()}' is not a duration like 30m, 2h or 1h30m.");
                }
            });
        }

        public void AddTo(Command command)
        {
            foreach (var option in (Option[])[actor, action, cluster, @namespace, grant, request, outcome, since, from, to])
            {
                command.Add(option);
            }

            command.Validators.Add(result =>
            {
                if (result.GetResult(since) is not null && result.GetResult(from) is not null)
                {
                    result.AddError("give --since or --from, not both.");
                }
            });
        }

        /// <summary>The query string of the given filters, each followed by <c>&amp;</c>.</summary>
        public string Query(ParseResult parseResult, TimeProvider time)
        {
            var start = parseResult.GetValue(from);
            if (PolicyDuration.TryParse(parseResult.GetValue(since), out var window))
            {
                start = time.GetUtcNow() - window;
            }

            var parameters = new (string Name, string? Value)[]
            {
                ("actor", parseResult.GetValue(actor)),
                ("action", parseResult.GetValue(action)),
                ("cluster", parseResult.GetValue(cluster)),
                ("namespace", parseResult.GetValue(@namespace)),
                ("grant", parseResult.GetValue(grant)?.ToString("D")),
                ("request", parseResult.GetValue(request)?.ToString("D")),
                ("outcome", parseResult.GetValue(outcome)),
                ("from", Time(start)),
                ("to", Time(parseResult.GetValue(to))),
            };
            var query = new StringBuilder();
            foreach (var (name, value) in parameters.Where(parameter => parameter.Value is not null))
            {
                query.Append(CultureInfo.InvariantCulture, $"{name}={Uri.EscapeDataString(value!)}&");
            }

            return query.ToString();
        }

        private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Counts the lines written through it, so the export can say how many records it saved.</summary>
    private sealed class LineCountingStream(Stream inner) : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Lines += buffer.Count((byte)'\n');
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Lines += buffer.Span.Count((byte)'\n');
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Lets a byte stream be copied onto the command's output writer (stdout, or a capture in tests) chunk by chunk,
    /// decoding UTF-8 across chunk boundaries.
    /// </summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var chars = new char[decoder.GetCharCount(buffer, flush: false)];
            var written = decoder.GetChars(buffer, chars, flush: false);
            writer.Write(chars, 0, written);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chars = new char[decoder.GetCharCount(buffer.Span, flush: false)];
            var written = decoder.GetChars(buffer.Span, chars, flush: false);
            await writer.WriteAsync(chars.AsMemory(0, written), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => writer.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
