using Pharos.Triage.IntegrationTests.Support;

// The root namespace: a set-up fixture acts on the tests of its namespace and those below it.
namespace Pharos.Triage.IntegrationTests;

/// <summary>
/// Says once in a run's output why the SQL Server variants were skipped: each skipped test carries the reason too, but
/// the console shows it only at a higher verbosity.
/// </summary>
[SetUpFixture]
public sealed class SqlServerNotice
{
    [OneTimeSetUp]
    public void Say()
    {
        // TestContext.Error: the only output the console shows at its default verbosity.
        if (Stores.SqlServer is null) TestContext.Error.WriteLine($"The SQL Server variants are skipped: {Stores.NotGiven}.");
    }
}
