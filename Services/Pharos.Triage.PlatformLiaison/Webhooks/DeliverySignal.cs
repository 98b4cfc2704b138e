using System.Threading.Channels;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>Wakes the dispatcher when a delivery is queued or a slot frees, so notices leave without waiting for the poll.</summary>
internal sealed class DeliverySignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>; throws only when <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(ct);
        poll.CancelAfter(timeout);
        try { await _wake.Reader.ReadAsync(poll.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}
