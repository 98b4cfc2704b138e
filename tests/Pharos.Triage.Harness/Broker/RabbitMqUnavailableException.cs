namespace Pharos.Triage.Harness.Broker;

/// <summary>No RabbitMQ to work with, for a caller that chose <see cref="IfBrokerAbsent.Throw"/>.</summary>
public sealed class RabbitMqUnavailableException(string message) : InvalidOperationException(message);
