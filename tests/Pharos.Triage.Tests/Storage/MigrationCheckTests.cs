using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Tests.Storage;

public class When_the_applied_scripts_are_compared_with_the_build
{
    private static readonly MigrationRunner.Script First = new("intake/001_reports", "CREATE TABLE reports (id TEXT);\n");
    private static readonly MigrationRunner.Script Second = new("intake/002_index", "CREATE INDEX ix ON reports (id);\n");

    [Test]
    public void A_script_applied_as_released_passes_and_one_not_applied_is_pending()
    {
        var check = MigrationCheck.Of([First, Second], new Dictionary<string, string?> { [First.Id] = First.Checksum });

        Assert.That(check.Pending, Is.EqualTo(new[] { Second }));
        Assert.That(check.Edited, Is.Empty);
        Assert.That(check.EditedRefusal("Intake"), Is.Null);
    }

    [Test]
    public void A_released_script_whose_text_changed_is_refused_by_service_and_script()
    {
        var applied = new Dictionary<string, string?> { [First.Id] = First.Checksum, [Second.Id] = Second.Checksum };
        var edited = First with { Sql = "CREATE TABLE reports (id TEXT, url TEXT);\n" };

        var refusal = MigrationCheck.Of([edited, Second], applied).EditedRefusal("Intake");

        Assert.That(refusal, Does.StartWith("Intake: ").And.Contains("intake/001_reports").And.Contains("new script"));
        Assert.That(refusal, Does.Not.Contain("intake/002_index"));
    }

    [Test]
    public void Line_endings_are_no_edit()
    {
        var checkedOutOnWindows = First with { Sql = First.Sql.Replace("\n", "\r\n", StringComparison.Ordinal) };

        Assert.That(checkedOutOnWindows.Checksum, Is.EqualTo(First.Checksum));
        Assert.That(First.Checksum, Has.Length.EqualTo(64).And.Match("^[0-9a-f]+$"));
    }

    [Test]
    public void A_script_applied_before_checksums_is_taken_as_it_is_not_refused()
    {
        var check = MigrationCheck.Of([First], new Dictionary<string, string?> { [First.Id] = null });

        Assert.That(check.WithoutChecksum, Is.EqualTo(new[] { First }));
        Assert.That(check.Edited, Is.Empty);
        Assert.That(check.Pending, Is.Empty);
    }

    [Test]
    public void Verifying_refuses_a_script_not_applied_and_says_to_run_migrate()
    {
        var refusal = MigrationCheck.Of([First, Second], new Dictionary<string, string?> { [First.Id] = First.Checksum }).PendingRefusal("Intake");

        Assert.That(refusal, Does.StartWith("Intake: ").And.Contains("intake/002_index").And.Contains("migrate"));
    }
}

public class When_sql_server_answers_the_migration_lock
{
    [TestCase(0)]
    [TestCase(1)]
    public void A_granted_lock_lets_the_service_migrate(int result) =>
        Assert.That(MigrationLock.Refusal(result, "Routing"), Is.Null);

    [TestCase(-1, "not granted within 60 s")]
    [TestCase(-2, "cancelled")]
    [TestCase(-3, "deadlock victim")]
    [TestCase(-999, "returned -999")]
    public void A_lock_not_granted_refuses_to_migrate(int result, string why) =>
        Assert.That(MigrationLock.Refusal(result, "Routing"), Does.StartWith("Routing: ").And.Contains(why).And.Contains("nothing was migrated"));
}
