using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>Bound from <c>Pharos:Limits</c>.</summary>
public sealed class LimitOptions
{
    public const string Section = "Pharos:Limits";

    /// <summary>The largest request body accepted (1 MB is plenty: a report is a few kilobytes).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a request may run before it is cut with 504.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Per principal (per address when anonymous), by role: what a person or a well-behaved integration
    /// never meets and a flood does. Keys: analyst, ministry, platform, admin, anonymous.
    /// </summary>
    public Dictionary<string, RateLimit> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RateLimit RateLimitFor(string role) => RateLimits.TryGetValue(role, out var limit) ? limit : new RateLimit();
}

public sealed class RateLimit
{
    public int PermitsPerSecond { get; set; } = 50;

    public int Burst { get; set; } = 100;
}

public static class RequestLimits
{
    public const string Anonymous = "anonymous";

    /// <summary>The request timeout and the rate limits, from the bound <see cref="LimitOptions"/>.</summary>
    public static void AddPharosLimits(this IServiceCollection services)
    {
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<LimitOptions>>((options, limits) =>
            options.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = limits.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>>((options, bound) =>
        {
            var limits = bound.Value;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
                var user = context.User;
                var role = user.Identity?.IsAuthenticated == true ? user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? Anonymous : Anonymous;
                var key = role == Anonymous ? $"ip:{context.Connection.RemoteIpAddress}" : $"{role}:{user.Identity!.Name}";
                var limit = limits.RateLimitFor(role);
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.Burst,
                    TokensPerPeriod = limit.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Slow down: try again in {seconds} s.").ExecuteAsync(context.HttpContext);
            };
        });
    }

    /// <summary>
    /// Refuses a body announced larger than the limit before reading it, and one that arrives without a
    /// length (chunked) as soon as it passes the limit, on every server: reading it further throws
    /// <see cref="BadHttpRequestException"/> with 413, which <see cref="Api.BadRequests"/> answers.
    /// </summary>
    public static void UseBodyLimit(this IApplicationBuilder app, long maxBodyBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = maxBodyBytes;
            if (context.Request.ContentLength > maxBodyBytes)
            {
                await Api.Problems.BodyTooLarge(maxBodyBytes).ExecuteAsync(context);
                return;
            }
            // Kestrel counts too, but not every server does (the test server does not).
            if (context.Request.ContentLength is null) context.Request.Body = new LimitedBody(context.Request.Body, maxBodyBytes);
            await next(context);
        });

    /// <summary>A request body that throws 413 once more than the limit has been read from it.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new BadHttpRequestException($"The body must be at most {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
