using System.CommandLine;
using Pharos.Triage.Access;
using Pharos.Triage.Access.ApiKeys;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Host.Commands;

/// <summary>
/// <c>api-keys list|issue|revoke</c>: Access's key store, from the command line. <c>issue</c> is the operator's way to the
/// first admin key, when no admin exists yet to issue one through the API.
/// </summary>
public static class ApiKeysCommand
{
    /// <summary>Who issued or revoked a key from here, as the key's record names it.</summary>
    private const string Operator = "operator:command-line";

    public static Command Create(CommandServices services) => new("api-keys", "Lists, issues and revokes API keys (Access).")
    {
        List(services), Issue(services), Revoke(services),
    };

    private static Command List(CommandServices services)
    {
        var json = CommandAction.JsonOption();
        var command = new Command("list", "Lists every key, newest first: never its secret.") { json };
        command.SetRun(async (parsed, output, ct) =>
        {
            var store = await StoreAsync(services, ct);
            var keys = new List<ApiKeyView>();
            Cursor? after = null;
            do
            {
                var page = await store.ListAsync(Cursor.MaxLimit, after, ct);
                keys.AddRange(page.Items);
                Cursor.TryDecode(page.NextCursor, out after);
            } while (after is not null);

            if (parsed.GetValue(json)) await output.WriteJsonAsync(keys);
            else if (keys.Count == 0) await output.WriteLineAsync("No API key.");
            else
                await output.WriteTableAsync(["ID", "PREFIX", "ROLE", "PLATFORM", "NAME", "CREATED", "STATE"],
                    keys.Select(k => (IReadOnlyList<string>)
                    [
                        k.Id, k.Prefix, k.Role, k.PlatformId ?? "-", k.Name, k.CreatedAt.ToString("u"),
                        k.RevokedAt is { } revoked ? $"revoked {revoked:u}" : "active",
                    ]));
            return 0;
        });
        return command;
    }

    private static Command Issue(CommandServices services)
    {
        var role = new Option<string>("--role") { Description = "The key's role.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string>("--name") { Description = "Who or what the key is for (shown in lists and the access log).", Required = true };
        var platform = new Option<string?>("--platform") { Description = "The platform's id: required for, and only for, the platform role." };
        var json = CommandAction.JsonOption();
        var command = new Command("issue", "Issues a key and shows its token, once.") { role, name, platform, json };
        command.Validators.Add(result =>
        {
            // The API's own rules (FluentValidation), as one line each.
            var body = new IssueApiKey(result.GetValue(role), result.GetValue(platform), result.GetValue(name));
            // An unknown role is the option's own error (AcceptOnlyFromAmong): said once.
            if (body.Role is null || body.Name is null || !Roles.All.Contains(body.Role)) return;
            foreach (var error in new IssueApiKeyValidator().Validate(body).Errors) result.AddError(error.ErrorMessage);
        });
        command.SetRun(async (parsed, output, ct) =>
        {
            var store = await StoreAsync(services, ct);
            var issued = await store.IssueAsync(parsed.GetRequiredValue(role), parsed.GetValue(platform), parsed.GetRequiredValue(name), Operator, ct);
            if (parsed.GetValue(json))
            {
                await output.WriteJsonAsync(issued);
                return 0;
            }
            await output.WriteLineAsync($"Issued {issued.Role} key {issued.Id} ({issued.Name}). The token is shown once; hand it over now:");
            await output.WriteLineAsync(issued.Token);
            return 0;
        });
        return command;
    }

    private static Command Revoke(CommandServices services)
    {
        var id = new Argument<string>("id") { Description = "The key's id (as api-keys list shows it)." };
        var command = new Command("revoke", "Revokes a key at once: the next call with it is refused.") { id };
        command.SetRun(async (parsed, output, ct) =>
        {
            var store = await StoreAsync(services, ct);
            var key = parsed.GetRequiredValue(id);
            if (!await store.RevokeAsync(key, Operator, ct)) throw new CommandFailedException($"no API key has the id {key}.");
            await output.WriteLineAsync($"Revoked key {key}.");
            return 0;
        });
        return command;
    }

    /// <summary>The store, on a database migrated (or verified) as the host's start-up would.</summary>
    private static async Task<ApiKeyStore> StoreAsync(CommandServices services, CancellationToken ct)
    {
        var database = services.Provider.GetRequiredService<AccessDatabase>();
        await services.Provider.PrepareAsync(database, ct);
        return services.Provider.GetRequiredService<ApiKeyStore>();
    }
}
