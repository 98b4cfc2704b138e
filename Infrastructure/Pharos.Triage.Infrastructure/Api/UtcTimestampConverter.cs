using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// Timestamps go out as ISO-8601 UTC with a Z (<c>2026-11-22T10:15:00Z</c>), as API.md says; any
/// ISO-8601 offset is accepted coming in, and one without an offset is taken as UTC.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && reader.GetString()!.Contains('T'))
            return value;
        throw new JsonException("Expected an ISO-8601 timestamp such as 2026-11-22T10:15:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture));
}
