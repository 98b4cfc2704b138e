using System.CommandLine;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Routing;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.Host.Commands;

/// <summary><c>platforms list</c>: the platform records Routing owns (its <see cref="PlatformStore"/>).</summary>
public static class PlatformsCommand
{
    public static Command Create(CommandServices services)
    {
        var json = CommandAction.JsonOption();
        var list = new Command("list", "Lists the platforms: id, name, domains, version.") { json };
        list.SetRun(async (parsed, output, ct) =>
        {
            await services.Provider.PrepareAsync(services.Require<RoutingDatabase>(RoutingService.Name), ct);
            var store = services.Provider.GetRequiredService<PlatformStore>();
            var platforms = new List<PlatformView>();
            Cursor? after = null;
            do
            {
                var page = await store.ListAsync(Cursor.MaxLimit, after, ct);
                platforms.AddRange(page.Items);
                Cursor.TryDecode(page.NextCursor, out after);
            } while (after is not null);

            if (parsed.GetValue(json)) await output.WriteJsonAsync(platforms);
            else if (platforms.Count == 0) await output.WriteLineAsync("No platform.");
            else
                await output.WriteTableAsync(["ID", "NAME", "VERSION", "DOMAINS"], platforms.Select(p => (IReadOnlyList<string>)
                    [p.Id, p.Name, p.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", p.Domains)]));
            return 0;
        });
        return new Command("platforms", "The platform records (Routing).") { list };
    }
}
