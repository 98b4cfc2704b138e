using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.Tests.Storage;

/// <summary>
/// Issue 15: the synchronous level goes into a PRAGMA as text, so a database refuses, as it is made, anything that is
/// not a level; the options check it too, but a test or a tool may make a database without them.
/// </summary>
public class When_a_sqlite_database_is_given_its_synchronous_level
{
    private const string Nowhere = "Data Source=:memory:";

    [TestCase("FULL; PRAGMA foreign_keys=OFF")]
    [TestCase("2")]
    [TestCase("")]
    public void Anything_but_a_level_is_refused(string level)
    {
        Assert.That(() => new LiaisonDatabase(DatabaseProvider.Sqlite, Nowhere, level),
            Throws.ArgumentException.With.Message.Contains("OFF, NORMAL, FULL, EXTRA"));
    }

    [TestCase("NORMAL", 1)]
    [TestCase("full", 2)]
    public async Task A_level_reaches_the_pragma(string level, long expected)
    {
        await using var database = new LiaisonDatabase(DatabaseProvider.Sqlite, Nowhere, level);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(expected));
    }
}
