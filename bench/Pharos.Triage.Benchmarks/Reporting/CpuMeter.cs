using System.Diagnostics;
using System.Globalization;

namespace Pharos.Triage.Benchmarks.Reporting;

/// <summary>
/// CPU time spent by named processes, and by the whole machine, between <see cref="Start"/> and <see cref="Stop"/>,
/// read from /proc. A throughput that stops short of its baseline is explained by where the cores went: the
/// CPU time per request of each process, and how much of the machine sat idle (a lock or a wait, not work).
/// </summary>
public sealed class CpuMeter
{
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly long[] _processTicks;
    private readonly long _machineBusy;
    private readonly long _machineTotal;
    private readonly long _startedAt;

    private CpuMeter(IReadOnlyList<(string Name, int Pid)> processes)
    {
        _processes = processes;
        _processTicks = processes.Select(p => ProcessTicks(p.Pid)).ToArray();
        (_machineBusy, _machineTotal) = MachineTicks();
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts measuring the processes named (a process gone before the end counts as no time).</summary>
    public static CpuMeter Start(params (string Name, int Pid)[] processes) => new(processes);

    public CpuUse Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        var (busy, total) = MachineTicks();
        var perProcess = _processes
            .Select((p, i) => (p.Name, Seconds: Math.Max(0, ProcessTicks(p.Pid) - _processTicks[i]) / (double)TicksPerSecond))
            .ToList();
        var machineTicks = Math.Max(1, total - _machineTotal);
        var idleShare = 1 - (busy - _machineBusy) / (double)machineTicks;
        var machineBusySeconds = (busy - _machineBusy) / (double)TicksPerSecond;
        return new CpuUse(elapsed, perProcess, machineBusySeconds, idleShare);
    }

    /// <summary>The broker's Erlang VM, when RabbitMQ runs on this machine (the benchmarks' own broker does).</summary>
    public static int? RabbitMqBroker()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "beam.smp") return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    // USER_HZ: 100 on every Linux the benchmarks run on (the kernel reports /proc times in it whatever CONFIG_HZ is).
    private const int TicksPerSecond = 100;

    /// <summary>utime + stime of a process (its threads included), in ticks; 0 once it is gone.</summary>
    private static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }

    /// <summary>
    /// The machine's busy and total ticks over all cores: user, nice, system, irq and softirq are busy; idle and
    /// iowait are not; steal (the hypervisor's) is neither, so that a noisy neighbour does not pass for our work.
    /// </summary>
    private static (long Busy, long Total) MachineTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7)
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }
}

/// <summary>What a <see cref="CpuMeter"/> measured: CPU seconds per process and for the machine, over <see cref="Elapsed"/>.</summary>
public sealed record CpuUse(TimeSpan Elapsed, IReadOnlyList<(string Name, double Seconds)> Processes, double MachineBusySeconds, double IdleShare)
{
    public double SecondsOf(string name) => Processes.Where(p => p.Name == name).Sum(p => p.Seconds);

    /// <summary>Microseconds of CPU per unit of work (request, report, message) of one process.</summary>
    public double MicrosecondsPer(string name, double units) => SecondsOf(name) * 1e6 / units;

    /// <summary>Everything else the machine did meanwhile: the load generator, the kernel's network and disk work.</summary>
    public double OtherSeconds => Math.Max(0, MachineBusySeconds - Processes.Sum(p => p.Seconds));
}
