using Microsoft.Data.Sqlite;

namespace Pharos.Triage.IntegrationTests.Commands;

/// <summary>A data directory of its own for a test of the commands, deleted after it.</summary>
public sealed class CommandDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pharos-tests", "commands-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
