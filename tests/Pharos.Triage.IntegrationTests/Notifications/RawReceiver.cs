using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// A receiver on 127.0.0.1 that reads each request whole and answers it with the same bytes, whatever they are: for a
/// receiver that answers with something other than HTTP, which no Kestrel receiver can be made to send.
/// </summary>
public sealed class RawReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    private RawReceiver(string answer)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks/pharos");
        _accepting = AcceptAsync(Encoding.UTF8.GetBytes(answer));
    }

    public Uri Url { get; }

    /// <summary>Requests read whole and answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static RawReceiver Answering(string answer) => new(answer);

    private async Task AcceptAsync(byte[] answer)
    {
        var answering = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                answering.Add(AnswerAsync(client, answer));
            }
        }
        catch (OperationCanceledException) { }
        await Task.WhenAll(answering);
    }

    private async Task AnswerAsync(TcpClient client, byte[] answer)
    {
        using var _ = client;
        var stream = client.GetStream();
        // The whole request first (its headers, then the body they announce), so that the sender is not cut off.
        var request = new List<byte>();
        var buffer = new byte[8192];
        int? end = null;
        var length = 0;
        while (end is null || request.Count < end + length)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0) return;
            request.AddRange(buffer.AsSpan(0, read));
            if (end is null && Encoding.ASCII.GetString([.. request]).IndexOf("\r\n\r\n", StringComparison.Ordinal) is var blank and >= 0)
            {
                end = blank + 4;
                var headers = Encoding.ASCII.GetString([.. request], 0, blank).Split("\r\n");
                length = headers.Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();
            }
        }
        Interlocked.Increment(ref _requests);
        await stream.WriteAsync(answer, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
        _stop.Dispose();
    }
}
