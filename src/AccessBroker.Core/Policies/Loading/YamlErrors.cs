using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AccessBroker.Core.Policies;

/// <summary>Collects the load errors of one file, placing each at a YAML node.</summary>
internal sealed class YamlErrors(string file, List<PolicyLoadError> errors)
{
    public string File { get; } = file;

    public void Add(long line, long column, string message) => errors.Add(new PolicyLoadError(File, (int)line, (int)column, message));

    public void Add(Mark mark, string message) => Add(mark.Line, mark.Column, message);

    public void Add(YamlNode node, string message) => Add(node.Start, message);

    public SourcePosition PositionOf(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);
}
