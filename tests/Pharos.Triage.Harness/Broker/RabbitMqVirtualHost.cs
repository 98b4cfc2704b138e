namespace Pharos.Triage.Harness.Broker;

/// <summary>A vhost of one's own on the local broker, deleted when disposed: no queue of another run or test takes its messages.</summary>
public sealed class RabbitMqVirtualHost : IDisposable
{
    internal RabbitMqVirtualHost(string name) => Name = name;

    public string Name { get; }

    /// <summary>The vhost as the services' <c>ConnectionStrings__RabbitMq</c> names it.</summary>
    public string AmqpUri => $"amqp://guest:guest@{RabbitMqBroker.Host}:{RabbitMqBroker.Port}/{Name}";

    public void Dispose() => RabbitMqBroker.DeleteVirtualHost(Name);
}
