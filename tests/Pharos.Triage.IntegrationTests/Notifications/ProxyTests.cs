using System.Net;
using System.Net.Sockets;
using System.Text;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// Issue 18: the webhook client took its proxy from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, which .NET reads
/// into <see cref="HttpClient.DefaultProxy"/>), and the address check let a connection to a proxy through: a proxy
/// reaches the receiver itself, an internal address included, and sees every notice.
/// </summary>
public sealed class When_the_environment_names_a_proxy
{
    [Test]
    public void The_webhook_handler_uses_no_proxy()
    {
        using var handler = ReceiverConnection.Handler();
        Assert.That((handler.UseProxy, handler.Proxy), Is.EqualTo((false, (IWebProxy?)null)));
    }

    [Test]
    public async Task A_notice_goes_straight_to_the_receiver_and_the_proxy_sees_no_connection()
    {
        var proxy = new TcpListener(IPAddress.Loopback, 0);
        var receiver = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        receiver.Start();
        var environment = HttpClient.DefaultProxy;
        // What HTTP_PROXY=http://127.0.0.1:<port> becomes, loopback included (no NO_PROXY).
        HttpClient.DefaultProxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}") { BypassProxyOnLocal = false };
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var invoker = new HttpMessageInvoker(ReceiverConnection.Handler());
            var port = ((IPEndPoint)receiver.LocalEndpoint).Port;
            var answering = Answer(receiver, timeout.Token);
            var sending = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/pharos"), timeout.Token);

            // Through the proxy, nobody answers: the send is cut by the timeout.
            var answer = await sending.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.StatusCode : (HttpStatusCode?)null, TaskScheduler.Default);
            Assert.That(proxy.Pending(), Is.False, "the proxy saw a connection");
            Assert.That(answer, Is.EqualTo(HttpStatusCode.NoContent), "the receiver answered");
            await answering;
        }
        finally
        {
            HttpClient.DefaultProxy = environment;
            proxy.Stop();
            receiver.Stop();
        }
    }

    /// <summary>Takes one request and answers 204.</summary>
    private static async Task Answer(TcpListener listener, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var read = new StringBuilder();
        var buffer = new byte[1024];
        while (!read.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0) return;
            read.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
        await stream.FlushAsync(ct);
    }
}
