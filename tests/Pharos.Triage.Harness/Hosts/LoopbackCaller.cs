using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Pharos.Triage.Harness.Hosts;

/// <summary>
/// For hosts on ASP.NET's test server, which gives a request no remote address: each request comes from loopback,
/// as it does through a socket on this machine, unless a test has set another. The demo tokens are refused to a
/// caller without an address (a Unix socket), so the tests' callers must have one.
/// </summary>
public sealed class LoopbackCaller : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, then) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            return then(context);
        });
        next(app);
    };
}
