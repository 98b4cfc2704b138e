using Microsoft.AspNetCore.Http;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Tests.Access;

public sealed class When_an_access_log_field_is_cut_to_its_column
{
    [TestCase(null, 10, null)]
    [TestCase("", 10, "")]
    [TestCase("GET", 10, "GET")]
    [TestCase("0123456789", 10, "0123456789")]
    [TestCase("0123456789A", 10, "012345678…")]
    [TestCase("VERYLONGMETHOD", 10, "VERYLONGM…")]
    [TestCase("01234567\U0001F642", 10, "01234567\U0001F642")]
    [TestCase("01234567\U0001F642x", 10, "01234567…")]
    public void It_fits_ends_with_the_marker_and_never_splits_a_character(string? value, int limit, string? expected)
    {
        var cut = FreeText.Cut(value, limit);
        Assert.That(cut, Is.EqualTo(expected));
        Assert.That(cut?.Length ?? 0, Is.LessThanOrEqualTo(limit));
    }
}

public sealed class When_a_query_value_cannot_be_bound
{
    // The framework's own messages (RequestDelegateFactory), as BadRequests reads them.
    [TestCase("Failed to bind parameter \"int? limit\" from \"abc\".", "limit", "limit must be a whole number.")]
    [TestCase("Failed to bind parameter \"DateTimeOffset? from\" from \"garbage\".", "from", "from must be an ISO-8601 UTC timestamp such as 2026-11-22T10:00:00Z.")]
    [TestCase("Failed to bind parameter \"bool urgent\" from \"maybe\".", "urgent", "urgent must be true or false.")]
    [TestCase("Failed to bind parameter \"Nullable<Int32> limit\" from \"abc\".", "limit", "limit must be a whole number.")]
    [TestCase("Failed to bind parameter \"Nullable<DateTimeOffset> to\" from \"x\".", "to", "to must be an ISO-8601 UTC timestamp such as 2026-11-22T10:00:00Z.")]
    [TestCase("Required parameter \"int version\" was not provided from route.", "version", "version is required.")]
    [TestCase("Unexpected end of request content.", "request", "The request could not be read.")]
    public async Task The_400_names_the_parameter(string message, string field, string error)
    {
        var context = new DefaultHttpContext { RequestServices = Services() };
        context.Response.Body = new MemoryStream();
        await BadRequests.Invalid(message).ExecuteAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(400));
        context.Response.Body.Position = 0;
        var errors = System.Text.Json.JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => (e.Name, e.Value[0].GetString())), Is.EqualTo(new[] { (field, error) }));
    }

    private static IServiceProvider Services()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services);
        Microsoft.Extensions.DependencyInjection.ProblemDetailsServiceCollectionExtensions.AddProblemDetails(services);
        return Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
    }
}
