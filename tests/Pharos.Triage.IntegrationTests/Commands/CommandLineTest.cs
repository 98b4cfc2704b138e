using Microsoft.Data.Sqlite;

namespace Pharos.Triage.IntegrationTests.Commands;

/// <summary>A test of the commands: a data directory of its own, deleted after each test.</summary>
public abstract class CommandLineTest
{
    protected string DataPath { get; private set; } = null!;

    [SetUp]
    public void Create_a_data_directory() =>
        DataPath = Path.Combine(Path.GetTempPath(), "pharos-tests", "commands-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void Delete_it()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
    }
}
