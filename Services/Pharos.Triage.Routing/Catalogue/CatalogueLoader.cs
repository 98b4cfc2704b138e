using Microsoft.Extensions.Hosting;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Routing.Catalogue;

/// <summary>At start: makes sure the seeded platforms are in the catalogue, then loads it.</summary>
public sealed class CatalogueLoader(RoutingDatabase database, PlatformCatalogue catalogue, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var uow = await database.BeginAsync(cancellationToken))
        {
            foreach (var platform in SeededPlatforms.All)
            {
                await uow.ExecuteAsync(database.Sql.InsertPlatformIfMissing, new { platform.Id, platform.Name, CreatedAt = clock.Now() });
                foreach (var domain in platform.Domains)
                    await uow.ExecuteAsync(database.Sql.InsertDomainIfMissing, new { Domain = domain, PlatformId = platform.Id });
            }
            await uow.CommitAsync(cancellationToken);
        }
        await ReloadAsync(cancellationToken);
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var platforms = await uow.QueryAsync<(string Id, string Name)>(database.Sql.SelectPlatforms);
        var domains = (await uow.QueryAsync<(string Domain, string PlatformId)>(database.Sql.SelectDomains)).ToLookup(d => d.PlatformId, d => d.Domain);
        catalogue.Replace(platforms.Select(p => new Platform(p.Id, p.Name, domains[p.Id].ToList())));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
