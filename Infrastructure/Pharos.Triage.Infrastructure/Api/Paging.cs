using System.Buffers.Text;
using System.Text;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>A page of a list, as API.md shapes every list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset pagination: the cursor is the sort key and id of the last item served, opaque to callers,
/// so that pages stay stable while new rows arrive.
/// </summary>
public readonly record struct Cursor(long Key, string Id)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Key}|{Id}"));

    public static bool TryDecode(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var key)) return false;
            cursor = new Cursor(key, parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Checks <c>limit</c> and <c>cursor</c>; on failure, the problem to answer with.</summary>
    public static Microsoft.AspNetCore.Http.IResult? TryReadPaging(int? limit, string? cursorText, out int pageSize, out Cursor? cursor)
    {
        pageSize = limit ?? DefaultLimit;
        cursor = null;
        if (pageSize is < 1 or > MaxLimit)
            return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        if (!TryDecode(cursorText, out cursor))
            return Problems.Invalid("cursor", "Unknown cursor: pass nextCursor from a previous page.");
        return null;
    }
}
