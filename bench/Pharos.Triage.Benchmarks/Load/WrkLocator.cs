namespace Pharos.Triage.Benchmarks.Load;

/// <summary>
/// Where wrk is, on a PATH: the HTTP benchmarks (intake, baselines) drive their load with it. Without it they cannot
/// run, and the operator is told how to install it before anything starts, not by an unhandled exception midway.
/// </summary>
public static class WrkLocator
{
    /// <summary>The benchmarks that need wrk.</summary>
    public static readonly IReadOnlyList<string> Needing = ["baselines", "intake"];

    /// <summary>wrk's full path on <paramref name="path"/> (a PATH variable's value), or null.</summary>
    public static string? Find(string? path) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>What to tell the operator when wrk is not on <paramref name="path"/>; null when it is.</summary>
    public static string? Missing(string? path) => Find(path) is not null ? null :
        "wrk is not installed (it is on no directory of PATH): the intake and baselines benchmarks drive their HTTP load with it. " +
        "Install it (Debian, Ubuntu: apt-get install wrk), or run the other benchmarks by name.";
}
