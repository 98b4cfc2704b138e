using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.Infrastructure.Pages;

/// <summary>
/// A file a page links to (a stylesheet, a script, an icon), built into the assembly that serves it and read once:
/// nothing is fetched from elsewhere and nothing depends on the working directory.
/// </summary>
public sealed class PageAsset(Assembly assembly, string name, string contentType)
{
    private readonly Lazy<byte[]> _content = new(() => Read(assembly, name));

    /// <summary>The file, cacheable for an hour.</summary>
    public IResult Serve(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(_content.Value, contentType);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
