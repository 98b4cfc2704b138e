namespace Pharos.Triage.Infrastructure.Hosting;

public enum Transport
{
    InMemory,
    RabbitMq,
}

/// <summary>Bound from the <c>Pharos</c> section (API.md's configuration keys).</summary>
public sealed class PharosOptions
{
    public const string Section = "Pharos";

    public string DataDirectory { get; set; } = "./data";

    public Transport Transport { get; set; } = Transport.InMemory;

    /// <summary>The services this process runs; all four by default (the embedded default).</summary>
    public string[] Services { get; set; } = [];

    /// <summary>
    /// Seeded demo principals (<c>demo-analyst</c>, …). On by default only for the embedded default
    /// (in-memory bus and SQLite), and then only for callers on loopback.
    /// </summary>
    public bool? DemoPrincipals { get; set; }

    public RedriveOptions Redrive { get; set; } = new();
}

/// <summary>How stuck work is found and sent again.</summary>
public sealed class RedriveOptions
{
    /// <summary>How often each service looks for stuck work.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long work may sit without progress before it is sent again.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between two redrives of the same work. Each redrive doubles the wait, so that a
    /// backlog (a consumer catching up after an outage) is not fed copies of what it has yet to reach.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(10);
}
