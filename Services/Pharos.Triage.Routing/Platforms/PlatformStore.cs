using Dapper;
using FluentValidation;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>
/// The platform records: read, created and changed by admins. Each change takes the next change id (which locks the
/// catalogue's version until it commits), writes the record, its audit row and its <c>PlatformChanged</c> in one
/// transaction: every instance routes by it from its next report, and every service hears of it.
/// </summary>
public sealed class PlatformStore(RoutingDatabase database, IValidator<PlatformBody> validator, TimeProvider clock)
{
    private RoutingSql Sql => database.Sql;

    public async Task<PlatformView?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PlatformRow>(Sql.SelectPlatform, new { Id = id });
        if (row is null) return null;
        var domains = await connection.QueryAsync<string>(Sql.SelectDomainsOf, new { Id = id });
        return PlatformView.From(row, domains);
    }

    /// <summary>A page of platforms in the order of their ids, after the cursor's.</summary>
    public async Task<Page<PlatformView>> ListAsync(int limit, Cursor? after, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<PlatformRow>(Sql.ListPlatforms, new { After = after?.Id, Limit = limit + 1 })).ToList();
        var page = rows.Take(limit).ToList();
        var domains = (page.Count == 0 ? []
            : await connection.QueryAsync<(string Domain, string PlatformId)>(Sql.SelectDomainsOfPlatforms, new { Ids = page.Select(r => r.Id).ToList() }))
            .ToLookup(d => d.PlatformId, d => d.Domain);
        var items = page.Select(r => PlatformView.From(r, domains[r.Id])).ToList();
        var next = rows.Count > limit ? new Cursor(0, items[^1].Id).Encode() : null;
        return new Page<PlatformView>(items, next);
    }

    /// <summary>A page of a platform's changes, newest first; null when there is no such platform.</summary>
    public async Task<Page<PlatformChangeView>?> ChangesAsync(string id, int limit, Cursor? before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await connection.QuerySingleOrDefaultAsync<PlatformRow>(Sql.SelectPlatform, new { Id = id }) is null) return null;
        var rows = (await connection.QueryAsync<PlatformChangeRow>(Sql.ListChanges,
            new { PlatformId = id, Before = before?.Key, Limit = limit + 1 })).ToList();
        var items = rows.Take(limit).Select(PlatformChangeView.From).ToList();
        var next = rows.Count > limit ? new Cursor(items[^1].Version, id).Encode() : null;
        return new Page<PlatformChangeView>(items, next);
    }

    public Task<PlatformWrite> CreateAsync(PlatformRecord record, string actor, CancellationToken ct) =>
        database.InTransactionAsync<PlatformWrite>(async uow =>
        {
            var changeId = await NextChangeIdAsync(uow);
            if (await uow.QuerySingleOrDefaultAsync<PlatformRow>(Sql.SelectPlatform, new { record.Id }) is not null)
                return new PlatformWrite.IdTaken(record.Id);
            if (await TakenDomainAsync(uow, record) is { } taken) return taken;

            var now = clock.Now();
            var row = PlatformRow.From(record, version: 1, createdAt: now, at: now, by: actor);
            await uow.ExecuteAsync(Sql.InsertPlatform, row);
            foreach (var domain in record.Domains) await uow.ExecuteAsync(Sql.InsertDomain, new { Domain = domain, PlatformId = record.Id });
            await RecordAsync(uow, changeId, before: null, record, row);
            await uow.CommitAsync(ct);
            return new PlatformWrite.Saved(PlatformView.From(row, record.Domains));
        }, ct);

    /// <summary>
    /// Patches the platform as it stands in this transaction: <paramref name="patch"/> gives the whole body it would
    /// have, which must then pass the same rules as a new one, but for a contact that was missing and still is (a seeded
    /// platform's, flagged until it has one). A patch that changes nothing makes no version.
    /// </summary>
    public Task<PlatformWrite> PatchAsync(string id, Func<PlatformRecord, PlatformBody> patch, string actor, CancellationToken ct) =>
        database.InTransactionAsync<PlatformWrite>(async uow =>
        {
            var changeId = await NextChangeIdAsync(uow);
            var row = await uow.QuerySingleOrDefaultAsync<PlatformRow>(Sql.SelectPlatform, new { Id = id });
            if (row is null) return new PlatformWrite.NotFound();
            var current = row.ToRecord(await uow.QueryAsync<string>(Sql.SelectDomainsOf, new { Id = id }));

            var body = patch(current);
            var context = new ValidationContext<PlatformBody>(body);
            context.RootContextData[PlatformBodyValidator.ExistingId] = true;
            if (body.Contact is null && current.Contact is null) context.RootContextData[PlatformBodyValidator.ContactMayStayMissing] = true;
            var validation = await validator.ValidateAsync(context, ct);
            if (!validation.IsValid) return new PlatformWrite.Invalid(Errors(validation));
            var record = body.ToRecord();
            // Left uncommitted: the change id goes back with the rest.
            if (record.SameAs(current)) return new PlatformWrite.Saved(PlatformView.From(row, current.Domains));
            if (await TakenDomainAsync(uow, record) is { } taken) return taken;

            var now = clock.Now();
            var changed = PlatformRow.From(record, row.Version + 1, row.CreatedAt, now, actor);
            if (await uow.ExecuteAsync(Sql.UpdatePlatform, new
                {
                    changed.Id, changed.Name, changed.ContactName, changed.ContactEmail, changed.ContactPhone, changed.EscalationName,
                    changed.EscalationEmail, changed.EscalationPhone, changed.Languages, changed.Version, changed.UpdatedAt,
                    changed.UpdatedBy, ReadVersion = row.Version,
                }) != 1)
                throw new InvalidOperationException($"Platform {id} changed while it was patched.");
            // Reports already routed keep their request; the next ones go by the new domains.
            foreach (var domain in current.Domains.Except(record.Domains, StringComparer.Ordinal))
                await uow.ExecuteAsync(Sql.DeleteDomain, new { Domain = domain, PlatformId = id });
            foreach (var domain in record.Domains.Except(current.Domains, StringComparer.Ordinal))
                await uow.ExecuteAsync(Sql.InsertDomain, new { Domain = domain, PlatformId = id });
            await RecordAsync(uow, changeId, current, record, changed);
            await uow.CommitAsync(ct);
            return new PlatformWrite.Saved(PlatformView.From(changed, record.Domains));
        }, ct);

    /// <summary>
    /// Announces every platform whose last version was never announced (the seeding migration's), each claimed by one
    /// UPDATE so that of two instances starting together one announces it. Returns how many this instance announced.
    /// </summary>
    public async Task<int> AnnouncePendingAsync(CancellationToken ct)
    {
        List<string> pending;
        await using (var connection = await database.OpenAsync(ct))
            pending = (await connection.QueryAsync<string>(Sql.SelectUnannounced)).ToList();
        var announced = 0;
        foreach (var id in pending)
        {
            var claimed = await database.InTransactionAsync(async uow =>
            {
                if (await uow.ExecuteAsync(Sql.ClaimAnnouncement, new { Id = id }) != 1) return false;
                var row = (await uow.QuerySingleOrDefaultAsync<PlatformRow>(Sql.SelectPlatform, new { Id = id }))!;
                var record = row.ToRecord(await uow.QueryAsync<string>(Sql.SelectDomainsOf, new { Id = id }));
                await uow.Publish(record.Announced(row.Version, row.UpdatedAt, row.UpdatedBy), clock.Now());
                await uow.CommitAsync(ct);
                return true;
            }, ct);
            if (claimed) announced++;
        }
        return announced;
    }

    private async Task<long> NextChangeIdAsync(UnitOfWork uow) =>
        await uow.ExecuteScalarAsync<long?>(Sql.NextChangeId) ?? throw new InvalidOperationException("catalogue_version has no row: migration 004 did not run.");

    /// <summary>The first domain of <paramref name="record"/> that another platform holds.</summary>
    private async Task<PlatformWrite.DomainTaken?> TakenDomainAsync(UnitOfWork uow, PlatformRecord record)
    {
        var owners = await uow.QueryAsync<(string Domain, string PlatformId)>(Sql.SelectDomainOwners, new { Domains = record.Domains.ToList() });
        return owners.Where(o => o.PlatformId != record.Id).Select(o => new PlatformWrite.DomainTaken(o.Domain, o.PlatformId)).FirstOrDefault();
    }

    /// <summary>The audit row and the announcement of a change, in its transaction.</summary>
    private async Task RecordAsync(UnitOfWork uow, long changeId, PlatformRecord? before, PlatformRecord after, PlatformRow row)
    {
        await uow.ExecuteAsync(Sql.InsertChange, new
        {
            Id = changeId, PlatformId = after.Id, row.Version, ChangedAt = row.UpdatedAt, ChangedBy = row.UpdatedBy,
            BeforeJson = before is null ? null : PlatformChangeView.Write(before), AfterJson = PlatformChangeView.Write(after),
        });
        await uow.Publish(after.Announced(row.Version, row.UpdatedAt, row.UpdatedBy), row.UpdatedAt);
    }

    private static Dictionary<string, string[]> Errors(FluentValidation.Results.ValidationResult result) =>
        result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
}
