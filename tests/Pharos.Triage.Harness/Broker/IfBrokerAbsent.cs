namespace Pharos.Triage.Harness.Broker;

/// <summary>What the caller of <see cref="RabbitMqBroker.CreateVirtualHost"/> wants when no RabbitMQ answers.</summary>
public enum IfBrokerAbsent
{
    /// <summary>The test fails.</summary>
    Fail,

    /// <summary>
    /// The test is skipped, saying why: a developer without a broker. Where CI=true the test fails instead, since
    /// CI installs and starts the broker and a test needing it must never pass by skipping.
    /// </summary>
    Skip,

    /// <summary>A <see cref="RabbitMqUnavailableException"/> saying why and what to do: a program (the benchmarks) prints it.</summary>
    Throw,
}
