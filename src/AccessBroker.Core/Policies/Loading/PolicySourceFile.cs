namespace AccessBroker.Core.Policies;

/// <summary>A policy file's path relative to the policy folder (with '/' separators) and its text.</summary>
public sealed record PolicySourceFile(string Path, string Content);
