using System.CommandLine;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Host.Commands;

/// <summary><c>messages requeue</c>: moves what waits in an _error queue back (Infrastructure's <see cref="ErrorQueues"/>).</summary>
public static class MessagesCommand
{
    public static Command Create(CommandServices services)
    {
        var queue = new Option<string>("--queue") { Description = "The _error queue to empty, e.g. routing-report-filed_error.", Required = true };
        var to = new Option<string?>("--to") { Description = "Where its messages go; by default the queue it names without _error." };
        var limit = new Option<int?>("--limit") { Description = "At most this many messages (all by default)." };
        limit.Validators.Add(result =>
        {
            // A value that is no number is the parser's error already; this one is about a number.
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, out var n) && n <= 0) result.AddError("--limit must be at least 1.");
        });
        var requeue = new Command("requeue",
            "Moves the messages of an _error queue back to their queue once the cause is fixed, each acknowledged only after the broker confirmed its copy.")
        {
            queue, to, limit,
        };
        requeue.Validators.Add(result =>
        {
            if (result.GetValue(to) is null && result.GetValue(queue) is { } name && ErrorQueues.SourceOf(name) is null)
                result.AddError($"--queue {name} is no _error queue: name one ending in _error, or say where its messages go with --to.");
        });
        requeue.SetRun(async (parsed, output, ct) =>
        {
            var source = parsed.GetRequiredValue(queue);
            var destination = parsed.GetValue(to) ?? ErrorQueues.SourceOf(source)!;
            var broker = services.Provider.GetRequiredService<IConfiguration>().GetConnectionString("RabbitMq")
                ?? throw new CommandFailedException("ConnectionStrings:RabbitMq is not set: the command needs the broker the services use.");
            var moved = await ErrorQueues.RequeueAsync(new Uri(broker), source, destination, parsed.GetValue(limit) ?? int.MaxValue, ct);
            await output.WriteLineAsync($"Moved {moved} message(s) from {source} to {destination}.");
            return 0;
        });
        return new Command("messages", "Messages on the broker (RabbitMQ).") { requeue };
    }
}
