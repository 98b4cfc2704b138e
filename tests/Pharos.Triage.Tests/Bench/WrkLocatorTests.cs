using Pharos.Triage.Benchmarks.Load;

namespace Pharos.Triage.Tests.Bench;

public sealed class When_the_benchmarks_look_for_wrk
{
    private string _empty = "";
    private string _withWrk = "";

    [SetUp]
    public void Make_a_directory_without_wrk_and_one_with_it()
    {
        _empty = Directory.CreateTempSubdirectory("pharos-nowrk-").FullName;
        _withWrk = Directory.CreateTempSubdirectory("pharos-wrk-").FullName;
        File.WriteAllText(Path.Combine(_withWrk, "wrk"), "");
    }

    [TearDown]
    public void Delete_them()
    {
        Directory.Delete(_empty, recursive: true);
        Directory.Delete(_withWrk, recursive: true);
    }

    [Test]
    public void A_path_without_wrk_tells_how_to_install_it()
    {
        var missing = WrkLocator.Missing(_empty + Path.PathSeparator + "/nonexistent");

        Assert.That(missing, Does.StartWith("wrk is not installed").And.Contains("apt-get install wrk"));
        Assert.That(WrkLocator.Missing(null), Is.Not.Null);
    }

    [Test]
    public void Wrk_is_found_on_any_directory_of_the_path()
    {
        var path = string.Join(Path.PathSeparator, _empty, _withWrk);

        Assert.That(WrkLocator.Find(path), Is.EqualTo(Path.Combine(_withWrk, "wrk")));
        Assert.That(WrkLocator.Missing(path), Is.Null);
    }

    [Test]
    public void The_http_benchmarks_are_those_that_need_it() =>
        Assert.That(WrkLocator.Needing, Is.EquivalentTo(new[] { "intake", "baselines" }));
}
