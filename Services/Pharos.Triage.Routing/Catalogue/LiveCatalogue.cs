using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Routing.Catalogue;

/// <summary>
/// The catalogue this instance routes by, kept in step with the database that every instance shares: before a report
/// is routed, the catalogue's version is read in the report's transaction (one row), and the platforms are loaded again
/// only when it moved, so that a platform an admin changed through any instance routes the next report.
/// </summary>
public sealed class LiveCatalogue(RoutingDatabase database)
{
    // Never loaded: no database holds version -1.
    private PlatformCatalogue _cached = new([], version: -1);

    /// <summary>The catalogue last loaded and committed; resolving with it costs what a lookup costs.</summary>
    public PlatformCatalogue Cached => Volatile.Read(ref _cached);

    /// <summary>
    /// The catalogue as <paramref name="uow"/> sees the database: the cached one when its version is the database's,
    /// else one loaded in this transaction. What is loaded is kept for the next reports only once the transaction has
    /// committed, so that nothing a transaction saw and then rolled back is ever routed by.
    /// </summary>
    public async Task<PlatformCatalogue> CurrentAsync(UnitOfWork uow)
    {
        var version = await uow.ExecuteScalarAsync<long>(database.Sql.SelectCatalogueVersion);
        var cached = Cached;
        if (cached.Version == version) return cached;
        var loaded = await LoadAsync(uow, version);
        uow.AfterCommit(() => Keep(loaded));
        return loaded;
    }

    /// <summary>Loads the catalogue in a transaction of its own and keeps it: at start, so that the first report finds it loaded.</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        await CurrentAsync(uow);
        await uow.CommitAsync(ct);
    }

    private async Task<PlatformCatalogue> LoadAsync(UnitOfWork uow, long version)
    {
        var platforms = await uow.QueryAsync<(string Id, string Name)>(database.Sql.SelectPlatforms);
        var domains = (await uow.QueryAsync<(string Domain, string PlatformId)>(database.Sql.SelectDomains)).ToLookup(d => d.PlatformId, d => d.Domain);
        return new PlatformCatalogue(platforms.Select(p => new Platform(p.Id, p.Name, domains[p.Id].ToList())), version);
    }

    /// <summary>Keeps the newer: two reports that loaded concurrently may commit in either order, and versions only grow.</summary>
    private void Keep(PlatformCatalogue loaded)
    {
        while (true)
        {
            var seen = Cached;
            if (seen.Version >= loaded.Version) return;
            if (Interlocked.CompareExchange(ref _cached, loaded, seen) == seen) return;
        }
    }
}
