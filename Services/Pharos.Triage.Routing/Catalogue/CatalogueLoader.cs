using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.Routing.Catalogue;

/// <summary>
/// At start, once the database is migrated: announces the platforms never announced (the seeding migration's), then
/// loads the catalogue so that the first report finds it loaded.
/// </summary>
public sealed class CatalogueLoader(PlatformStore platforms, LiveCatalogue catalogue, ILogger<CatalogueLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var announced = await platforms.AnnouncePendingAsync(cancellationToken);
        if (announced > 0) logger.LogInformation("Announced {Count} platforms not announced before", announced);
        await catalogue.WarmAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
