using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

/// <summary>
/// Loads every <c>*.yaml</c>/<c>*.yml</c> file of a folder (recursively, multi-document) into a <see cref="PolicySet"/>.
/// Loading is all-or-nothing: any error anywhere rejects the whole set, and every error found is reported.
/// </summary>
public static class PolicyLoader
{
    public const string ApiVersion = "accessbroker.io/v1";

    private static readonly string[] Kinds = ["RoleTemplate", "AccessPolicy", "PolicyTest"];

    /// <summary>
    /// Loads the folder's policy files. Files and folders whose names start with '.' are skipped: editors' temporary
    /// files, and the <c>..data</c> and timestamped folders through which a Kubernetes ConfigMap volume links its
    /// files (reading those too would define every document twice).
    /// </summary>
    public static PolicyLoadResult LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return PolicyLoadResult.Failure([new PolicyLoadError(directory, 0, 0, "policy folder does not exist")]);
        }

        var files = new List<PolicySourceFile>();
        var errors = new List<PolicyLoadError>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
                if (IsPolicyFile(relative))
                {
                    ReadFile(file, relative, files, errors);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new PolicyLoadError(directory, 0, 0, $"cannot list the policy folder: {e.Message}"));
        }

        return errors.Count > 0 ? PolicyLoadResult.Failure(errors) : Load(files);
    }

    public static PolicyLoadResult Load(IEnumerable<PolicySourceFile> files)
    {
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var errors = new List<PolicyLoadError>();
        var documents = new PolicyDocuments();
        foreach (var file in sorted)
        {
            LoadFile(file, new YamlErrors(file.Path, errors), documents);
        }

        documents.CheckReferences();
        return errors.Count > 0
            ? PolicyLoadResult.Failure(errors)
            : PolicyLoadResult.Success(new PolicySet(documents.RoleTemplates, documents.Policies, Hash(sorted)), documents.Tests);
    }

    private static bool IsPolicyFile(string relativePath) =>
        (relativePath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || relativePath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && !relativePath.Split('/').Any(segment => segment.StartsWith('.'));

    // A file may be replaced or removed while a reload reads the folder; that load fails and the next one,
    // triggered by the same change, sees the folder settled.
    private static void ReadFile(string path, string relativePath, List<PolicySourceFile> files, List<PolicyLoadError> errors)
    {
        try
        {
            files.Add(new PolicySourceFile(relativePath, File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new PolicyLoadError(relativePath, 0, 0, $"cannot read the file: {e.Message}"));
        }
    }

    /// <summary>
    /// SHA-256 over, for each file in ordinal path order: its path, a NUL, its UTF-8 length, a NUL, its UTF-8 bytes.
    /// The path is included so that moving a document to another file changes the hash the audit log records.
    /// </summary>
    private static string Hash(IReadOnlyList<PolicySourceFile> sorted)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in sorted)
        {
            var content = Encoding.UTF8.GetBytes(file.Content);
            hash.AppendData(Encoding.UTF8.GetBytes($"{file.Path}\0{content.Length}\0"));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void LoadFile(PolicySourceFile file, YamlErrors errors, PolicyDocuments documents)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Content));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, $"invalid YAML: {WithoutPosition(e.Message)}");
            return;
        }

        foreach (var document in stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }))
        {
            LoadDocument(document.RootNode, errors, documents);
        }
    }

    // YamlDotNet prefixes its messages with "(Line: 6, Col: 1, Idx: 80) - (Line: 6, ...): "; the error has its own position.
    private static string WithoutPosition(string message)
    {
        var end = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return end < 0 ? message : message[(end + 3)..];
    }

    private static void LoadDocument(YamlNode root, YamlErrors errors, PolicyDocuments documents)
    {
        var document = YamlMapping.Open(errors, root, string.Empty, "apiVersion", "kind", "metadata", "spec");
        if (document is null)
        {
            return;
        }

        var apiVersion = document.String("apiVersion", required: true);
        if (apiVersion is not null && apiVersion != ApiVersion)
        {
            errors.Add(document.NodeOf("apiVersion"), $"apiVersion: expected {ApiVersion}, found '{apiVersion}'");
        }

        var kind = document.String("kind", required: true);
        if (kind is not null && !Kinds.Contains(kind))
        {
            errors.Add(document.NodeOf("kind"), $"kind: expected one of {string.Join(", ", Kinds)}, found '{kind}'");
            return;
        }

        var metadata = document.Mapping("metadata", required: true, "name");
        var name = metadata?.String("name", required: true);
        if (metadata is not null && name is not null && PolicyNames.CheckDnsLabel(name) is { } problem)
        {
            errors.Add(metadata.NodeOf("name"), $"metadata.name: {problem}");
            name = null;
        }

        var spec = kind switch
        {
            "RoleTemplate" => document.Mapping("spec", required: true, "description", "rules", "actions"),
            "AccessPolicy" => document.Mapping("spec", required: true, "subjects", "clusters", "namespaces", "roles", "maxDuration", "approval", "conditions"),
            "PolicyTest" => document.Mapping("spec", required: true, "cases"),
            _ => null,
        };
        if (spec is null)
        {
            return;
        }

        if (name is not null)
        {
            documents.Define(kind!, name, metadata!.NodeOf("name"), errors);
        }

        // The spec is read even when the name is wrong, so that its errors are reported in the same run;
        // the set is rejected anyway, so the nameless document never takes effect.
        name ??= string.Empty;
        var source = errors.PositionOf(root);
        switch (kind)
        {
            case "RoleTemplate":
                documents.RoleTemplates.Add(RoleTemplateParser.Parse(spec, name, source));
                break;
            case "AccessPolicy":
                documents.Policies.Add(AccessPolicyParser.Parse(spec, name, source, documents));
                break;
            default:
                documents.Tests.AddRange(PolicyTestParser.Parse(spec, name, documents));
                break;
        }
    }
}
