namespace AccessBroker.Core.Policies;

/// <summary>Validation of the names and patterns policy files use; each check returns what is wrong, or null.</summary>
public static class PolicyNames
{
    private const int MaxLabelLength = 63;

    /// <summary>An RFC 1123 label, as Kubernetes requires for namespace names.</summary>
    public static string? CheckDnsLabel(string value) =>
        value.Length is > 0 and <= MaxLabelLength
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && value[0] != '-' && value[^1] != '-'
            ? null
            : $"'{value}' is not a DNS label: expected at most {MaxLabelLength} lowercase letters, digits and '-', starting and ending with a letter or digit";

    public static string? CheckGlob(string value) =>
        value.Length is > 0 and <= MaxLabelLength
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '*' or '?')
            ? null
            : $"'{value}' is not a valid glob: expected lowercase letters, digits, '-' and the wildcards '*' and '?'";

    public static string? CheckNotEmpty(string value) =>
        string.IsNullOrWhiteSpace(value) ? "expected a non-empty string" : null;
}
