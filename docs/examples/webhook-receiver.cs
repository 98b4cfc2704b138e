// A platform's side of a notice, for trying the webhooks out: it verifies each notice with the StandardWebhooks
// library, as any platform may, and prints what it got. Run it beside the system:
//   dotnet run docs/examples/webhook-receiver.cs -- whsec_… [http://127.0.0.1:5099]
// The secret is the one PUT /api/admin/platforms/{id}/webhook answered with.
#:sdk Microsoft.NET.Sdk.Web
#:package StandardWebhooks

using StandardWebhooks;
using StandardWebhooks.Diagnostics;

if (args.Length is < 1 or > 2 || !args[0].StartsWith("whsec_", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: dotnet run docs/examples/webhook-receiver.cs -- whsec_<secret> [url]");
    return 2;
}
var verifier = new StandardWebhook(args[0]);
var builder = WebApplication.CreateBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.Urls.Add(args.Length > 1 ? args[1] : "http://127.0.0.1:5099");

app.MapPost("/", async (HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync();
    try
    {
        verifier.Verify(body, request.Headers);
    }
    catch (WebhookVerificationException ex)
    {
        Console.WriteLine($"REFUSED {request.Headers["webhook-id"]}: {ex.Message}");
        return Results.BadRequest();
    }
    Console.WriteLine($"verified {request.Headers["webhook-id"]}: {body}");
    return Results.NoContent();
});

await app.RunAsync();
return 0;
