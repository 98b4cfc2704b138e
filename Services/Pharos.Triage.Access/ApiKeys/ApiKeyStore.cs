using Dapper;
using FluentValidation;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Access.ApiKeys;

/// <summary>Issues, finds and revokes API keys.</summary>
public sealed class ApiKeyStore(AccessDatabase database, TimeProvider clock)
{
    public async Task<IssuedApiKey> IssueAsync(string role, string? platformId, string name, string issuedBy, CancellationToken ct)
    {
        var token = ApiKeyToken.Generate();
        var row = new ApiKeyRow
        {
            Id = Guid.CreateVersion7().ToString(), Prefix = token.Prefix, SecretHash = ApiKeyToken.Hash(token.Token), Name = name,
            Role = role, PlatformId = role == Roles.Platform ? platformId : null, CreatedAt = clock.Now(), CreatedBy = issuedBy,
        };
        await using var uow = await database.BeginAsync(ct);
        await uow.ExecuteAsync(database.Sql.InsertKey, row);
        await uow.CommitAsync(ct);
        return new IssuedApiKey(row.Id, row.Prefix, token.Token, row.Name, row.Role, row.PlatformId, row.CreatedAt);
    }

    /// <summary>The principal a token stands for; null when it is unknown, tampered with or revoked.</summary>
    public async Task<Principal?> ResolveAsync(string token, CancellationToken ct)
    {
        if (ApiKeyToken.PrefixOf(token) is not { } prefix) return null;
        ApiKeyRow? key;
        await using (var connection = await database.OpenAsync(ct))
            key = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(database.Sql.SelectKeyByPrefix, new { Prefix = prefix });
        if (key is null || key.RevokedAt is not null || !ApiKeyToken.Matches(token, key.SecretHash)) return null;

        var now = clock.Now();
        if (key.LastUsedAt is null || key.LastUsedAt < now.AddMinutes(-1))
        {
            await using var uow = await database.BeginAsync(ct);
            await uow.ExecuteAsync(database.Sql.TouchKey, new { key.Id, At = now, Before = now.AddMinutes(-1) });
            await uow.CommitAsync(ct);
        }
        return new Principal($"key:{key.Prefix}:{key.Name}", key.Role, key.PlatformId);
    }

    /// <summary>A page of keys, newest first, after <paramref name="after"/>.</summary>
    public async Task<Page<ApiKeyView>> ListAsync(int limit, Cursor? after, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ApiKeyRow>(database.Sql.ListKeys,
            new { CursorKey = after?.Key, CursorId = after?.Id, Limit = limit + 1 })).ToList();
        var items = rows.Take(limit).Select(ApiKeyView.From).ToList();
        var next = rows.Count > limit ? new Cursor(items[^1].CreatedAt.ToUnixTimeMilliseconds(), items[^1].Id).Encode() : null;
        return new Page<ApiKeyView>(items, next);
    }

    /// <summary>Revokes at once: the next call with the key is refused. False when there is no such key.</summary>
    public async Task<bool> RevokeAsync(string id, string revokedBy, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var changed = await uow.ExecuteAsync(database.Sql.RevokeKey, new { Id = id, RevokedAt = clock.Now(), RevokedBy = revokedBy });
        await uow.CommitAsync(ct);
        return changed == 1;
    }
}

/// <summary>API keys as bearer tokens.</summary>
public sealed class ApiKeyResolver(ApiKeyStore keys) : ITokenResolver
{
    public async ValueTask<Principal?> ResolveAsync(string token, Microsoft.AspNetCore.Http.HttpContext context) =>
        await keys.ResolveAsync(token, context.RequestAborted);
}

public sealed class IssueApiKeyValidator : AbstractValidator<IssueApiKey>
{
    public IssueApiKeyValidator()
    {
        RuleFor(k => k.Role).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("role is required.")
            .Must(r => Roles.All.Contains(r!)).WithMessage($"role must be one of: {string.Join(", ", Roles.All)}.");
        // Separate rules: a trailing When() would apply to every validator before it in one chain.
        RuleFor(k => k.PlatformId).NotEmpty().When(k => k.Role == Roles.Platform).WithMessage("platformId is required for role platform.");
        RuleFor(k => k.PlatformId).Matches("^[a-z0-9][a-z0-9_-]{0,63}$").When(k => !string.IsNullOrEmpty(k.PlatformId))
            .WithMessage("platformId must be a platform id such as x or facebook.");
        RuleFor(k => k.PlatformId).Empty().When(k => k.Role is not null && k.Role != Roles.Platform)
            .WithMessage("platformId goes only with role platform.");
        RuleFor(k => k.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("name is required: who or what the key is for.")
            .MaximumLength(PharosClaims.MaxNameLength).WithMessage($"name must be at most {PharosClaims.MaxNameLength} characters.")
            .Must(n => !n!.Any(char.IsControl)).WithMessage("name must not contain control characters.");
    }
}
