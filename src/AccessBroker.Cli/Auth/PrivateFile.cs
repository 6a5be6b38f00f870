using System.Text;

namespace AccessBroker.Cli.Auth;

/// <summary>
/// Writes files readable by the user only (directory 0700 when created, file 0600), through a temporary file so a
/// crash never leaves half a file.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    public static void Write(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var writer = new StreamWriter(temporary, Encoding.UTF8, options))
        {
            writer.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
