using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Access.ApiKeys;

/// <summary>
/// The operator's way to the first key, when no admin exists yet to issue one through the API:
/// <c>Pharos.Triage.Host api-keys issue --role admin --name "Ops on call"</c>.
/// </summary>
public static class ApiKeyCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "api-keys";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (args.Length < 2 || args[1] != "issue" || Option("--role") is not { } role || Option("--name") is not { } name)
        {
            await Console.Error.WriteLineAsync("usage: api-keys issue --role analyst|ministry|platform|admin --name NAME [--platform ID]");
            return 2;
        }
        var validation = new IssueApiKeyValidator().Validate(new IssueApiKey(role, Option("--platform"), name));
        if (!validation.IsValid)
        {
            foreach (var error in validation.Errors) await Console.Error.WriteLineAsync(error.ErrorMessage);
            return 2;
        }

        Timestamps.RegisterWithDapper();
        // The options as a host binds and checks them, without the host.
        await using var services = new ServiceCollection().AddSingleton(configuration).AddPharosOptions().BuildServiceProvider();
        var database = AccessRegistration.CreateDatabase(services);
        await MigrationRunner.ApplyAsync(database, [typeof(AccessDatabase).Assembly], NullLogger.Instance);
        var issued = await new ApiKeyStore(database, TimeProvider.System).IssueAsync(role, Option("--platform"), name, "operator:command-line", CancellationToken.None);
        Console.WriteLine($"Issued {issued.Role} key {issued.Id} ({issued.Name}). The token is shown once; hand it over now:");
        Console.WriteLine(issued.Token);
        return 0;
    }
}
