namespace Pharos.Triage.Routing.Platforms;

/// <summary>What came of creating or changing a platform.</summary>
public abstract record PlatformWrite
{
    /// <summary>Written and announced (or, for a change that changes nothing, left as it was).</summary>
    public sealed record Saved(PlatformView Platform) : PlatformWrite;

    /// <summary>The record it would make breaks a rule: the errors by field, as a 400 holds them.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : PlatformWrite;

    public sealed record NotFound : PlatformWrite;

    public sealed record IdTaken(string Id) : PlatformWrite;

    /// <summary>A domain of the record is another platform's.</summary>
    public sealed record DomainTaken(string Domain, string Owner) : PlatformWrite;
}
