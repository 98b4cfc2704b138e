namespace Pharos.Triage.Routing.Catalogue;

/// <summary>A platform that receives removal requests, and the domains it hosts.</summary>
public sealed record Platform(string Id, string Name, IReadOnlyList<string> Domains);
