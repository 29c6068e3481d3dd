using AccelInterop.Runtime.Devices;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// An in-process model of the kernel behind the device uAPIs: device nodes by path and the
/// processes that open them. Each <see cref="SimulatedProcess"/> is a backend for
/// <see cref="Devices.DeviceFile"/>, so code runs against the simulation exactly as against
/// the real kernel.
/// </summary>
public sealed class SimulatedKernel
{
    private const long VirtualEpochNanoseconds = 1_000_000_000;

    // A threaded-firmware wait: checks with a short pause between, then yields, then sleeps.
    private const int SpinChecks = 2048;
    private const int YieldChecks = 32;
    private readonly Lock _lock = new();
    private readonly Lock _randomLock = new();
    private readonly List<ISimulatedFirmware> _firmware = [];
    private readonly TraceRing? _trace;
    private readonly Random? _random;
    private long _virtualNow = VirtualEpochNanoseconds;
    private ISimulatedFirmware[] _firmwareSnapshot = [];
    private FirmwareHost[] _firmwareThreads = [];
    private int _firmwareHolds;
    private readonly Srcu _inlineFirmwareSteps = new();

    public SimulatedKernel(SimulationOptions? options = null)
    {
        Options = options ?? new SimulationOptions();
        Counts = new ObjectCounts(() => MonotonicNanoseconds);
        Faults = new FaultInjector(this);
        Counts.Counter(Fences.DmaFence.Fences);
        AnonymousInode = CreateInode(Inode.AnonInodeFs, Inode.AnonymousMode);
        AddDeviceNode(Mem.NullDevice.Path, new Mem.NullDevice(), Mem.NullDevice.Major, Mem.NullDevice.Minor);
        AddDeviceNode(Mem.ZeroDevice.Path, new Mem.ZeroDevice(), Mem.ZeroDevice.Major, Mem.ZeroDevice.Minor);
        if (Options.Seed is int seed)
        {
            _random = new Random(seed);
            _trace = new TraceRing(Options.TraceCapacity);
        }
    }

    public SimulationOptions Options { get; }

    /// <summary>Live kernel objects by kind: the kernel core's, the DRM core's and every driver's.</summary>
    public ObjectCounts Counts { get; }

    /// <summary>The fault points the kernel core and its drivers declared.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Deterministic mode (<see cref="SimulationOptions.Seed"/>): inline firmware, virtual time, seeded choices, a trace.</summary>
    public bool IsDeterministic => _random is not null;

    /// <summary>Whether firmware runs on the calling thread (always in deterministic mode).</summary>
    public bool IsFirmwareInline => IsDeterministic || Options.Firmware == FirmwareExecution.Inline;

    /// <summary>Woken whenever a fence signals, a syncobj changes or a queue advances.</summary>
    public WaitQueue FenceWakeup { get; } = new();

    /// <summary>CLOCK_MONOTONIC in nanoseconds: the real clock, or virtual time in deterministic mode.</summary>
    public long MonotonicNanoseconds => IsDeterministic
        ? Volatile.Read(ref _virtualNow)
        : (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>
    /// The newest events of a deterministic run, in order (at most <see cref="SimulationOptions.TraceCapacity"/>;
    /// empty otherwise). <see cref="TraceDigest"/> and <see cref="TraceCount"/> cover every event.
    /// </summary>
    public IReadOnlyList<string> TraceLog => _trace is null ? [] : _trace.Snapshot();

    /// <summary>Events traced since the start (deterministic mode), including those the ring no longer keeps.</summary>
    public long TraceCount => _trace?.Written ?? 0;

    /// <summary>A digest of every traced event in order: equal for two runs that traced the same events.</summary>
    public ulong TraceDigest => _trace?.Digest ?? 0;

    /// <summary>Records an event in deterministic mode.</summary>
    public void Trace(string entry) =>
        _trace?.Add($"{Volatile.Read(ref _virtualNow) - VirtualEpochNanoseconds}: {entry}");

    /// <summary>A choice in [0, <paramref name="maxExclusive"/>): seeded in deterministic mode, else the shared random source.</summary>
    public int NextRandom(int maxExclusive)
    {
        if (_random is null)
        {
            return Random.Shared.Next(maxExclusive);
        }

        lock (_randomLock)
        {
            return _random.Next(maxExclusive);
        }
    }

    public double NextRandomDouble()
    {
        if (_random is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>Registers a device's firmware so that inline execution and waits drive it.</summary>
    public void AddFirmware(ISimulatedFirmware firmware)
    {
        lock (_lock)
        {
            _firmware.Add(firmware);
            _firmwareSnapshot = [.. _firmware];
        }
    }

    public void RemoveFirmware(ISimulatedFirmware firmware)
    {
        lock (_lock)
        {
            _firmware.Remove(firmware);
            _firmwareSnapshot = [.. _firmware];
        }
    }

    /// <summary>A firmware thread <see cref="HoldFirmware"/> waits for (a step it began before the hold).</summary>
    internal void AddFirmwareThread(FirmwareHost host)
    {
        lock (_lock)
        {
            _firmwareThreads = [.. _firmwareThreads, host];
        }
    }

    internal void RemoveFirmwareThread(FirmwareHost host)
    {
        lock (_lock)
        {
            _firmwareThreads = Array.FindAll(_firmwareThreads, h => h != host);
        }
    }

    /// <summary>
    /// Powers the machine off: every firmware thread ends (within its longest park, 50 ms) and no
    /// new one starts. For programs and tests that create many kernels: without it each device's
    /// firmware thread lives as long as the host process.
    /// </summary>
    public void Shutdown() => Volatile.Write(ref _shutDown, 1);

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutDown => Volatile.Read(ref _shutDown) != 0;

    private int _shutDown;

    /// <summary>Holds every device's firmware until the hold is disposed (see <see cref="FirmwareHold"/>).</summary>
    public FirmwareHold HoldFirmware()
    {
        Interlocked.Increment(ref _firmwareHolds);
        // A step that began before the hold may still be taking work: wait for it, so that nothing
        // submitted from here on progresses. Every later step sees the hold before it does anything.
        // A firmware thread marks its steps with plain writes, not a fence per step (its polls are the
        // hot path): the process-wide barrier makes its mark visible here, or the hold visible to it
        // (the asymmetric fence of membarrier-based RCU). Inline steps run in an SRCU read section.
        Interlocked.MemoryBarrierProcessWide();
        foreach (FirmwareHost host in Volatile.Read(ref _firmwareThreads))
        {
            host.WaitOutStep();
        }

        _inlineFirmwareSteps.Synchronize();
        Trace("firmware held");
        return new FirmwareHold(this);
    }

    /// <summary>Whether a <see cref="FirmwareHold"/> is in force: firmware models do nothing while it is.</summary>
    public bool IsFirmwareHeld => Volatile.Read(ref _firmwareHolds) > 0;

    internal void ReleaseFirmware()
    {
        if (Interlocked.Decrement(ref _firmwareHolds) == 0)
        {
            Trace("firmware released");
            FenceWakeup.WakeUpAll();
        }
    }

    /// <summary>Lets every device's firmware do what it can now; true if anything progressed.</summary>
    public bool RunFirmware()
    {
        if (IsFirmwareHeld)
        {
            return false;
        }

        bool progressed = false;
        int steps = _inlineFirmwareSteps.ReadLock();
        try
        {
            foreach (ISimulatedFirmware firmware in Volatile.Read(ref _firmwareSnapshot))
            {
                progressed |= !IsFirmwareHeld && firmware.Step();
            }
        }
        finally
        {
            _inlineFirmwareSteps.ReadUnlock(steps);
        }

        return progressed;
    }

    /// <summary>
    /// Kernel-side wait (wait_event_interruptible_timeout): until <paramref name="condition"/> holds,
    /// 0; -ETIME once <paramref name="deadlineNanoseconds"/> (absolute, <see cref="MonotonicNanoseconds"/>;
    /// <see cref="long.MaxValue"/> = forever; any value works, long sleeps are taken in
    /// <see cref="ScheduleTimeout"/> slices) has passed. Inline firmware runs while waiting, and the
    /// deadline holds whatever it does: each step that progressed without satisfying the condition costs
    /// <see cref="InlineFirmwareStepNanoseconds"/> of virtual time in deterministic mode, and the
    /// real clock is looked at after every step otherwise. In deterministic mode time jumps to the
    /// next timer, and a forever-wait that nothing can end, or that firmware keeps busy for more
    /// than <see cref="ForeverWaitBusySteps"/> steps, returns -EINTR (as if a
    /// signal arrived) instead of hanging the run; <see cref="SimulatedProcess.MayRepeat"/> then
    /// tells a retrying caller that the same call would only stall again.
    /// </summary>
    public int WaitUntil<TCondition>(ref TCondition condition, long deadlineNanoseconds)
        where TCondition : struct, IWaitCondition
    {
        var spinner = default(SpinWait);
        int spins = 0;
        long busySteps = 0;
        while (true)
        {
            if (condition.IsSatisfied())
            {
                return 0;
            }

            // Firmware that keeps reporting progress must not keep a wait past its deadline
            // (wait_event_timeout: time passes while others run; in deterministic mode the firmware
            // moves virtual time with its work).
            if (IsFirmwareInline && RunFirmware())
            {
                if (condition.IsSatisfied())
                {
                    return 0;
                }

                if (IsDeterministic)
                {
                    AdvanceClock(ScheduleTimeout.DeadlineAfter(MonotonicNanoseconds, InlineFirmwareStepNanoseconds));
                    if (++busySteps > ForeverWaitBusySteps && deadlineNanoseconds == long.MaxValue)
                    {
                        return Interrupted("firmware busy without end");
                    }
                }

                if (MonotonicNanoseconds < deadlineNanoseconds)
                {
                    continue;
                }

                return -ETIME;
            }

            // Firmware on another thread usually answers within a microsecond or two: spin on the
            // condition first (no yield: the firmware thread is likely running on the other core),
            // then yield a little, and only then pay for a blocking wait. The spin reads nothing
            // the firmware writes but the condition, so it does not pull lines away from it, and
            // looks at the clock only every few rounds.
            if (!IsFirmwareInline && spins < SpinChecks + YieldChecks)
            {
                if ((spins & 63) == 0 && MonotonicNanoseconds >= deadlineNanoseconds)
                {
                    return -ETIME;
                }

                if (spins++ < SpinChecks)
                {
                    Thread.SpinWait(1);
                }
                else
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                continue;
            }

            long now = MonotonicNanoseconds;
            if (now >= deadlineNanoseconds)
            {
                return -ETIME;
            }

            long timer = NextFirmwareTimer();
            if (IsDeterministic)
            {
                long next = Math.Min(deadlineNanoseconds, timer);
                if (next == long.MaxValue)
                {
                    return Interrupted("nothing can progress");
                }

                AdvanceClock(next);
                continue;
            }

            // About to sleep: note the generation, then look once more, so no wake-up between is lost.
            long generation = FenceWakeup.Generation;
            if (condition.IsSatisfied())
            {
                return 0;
            }

            long sleep = Math.Min(deadlineNanoseconds, timer) - now;
            if (IsFirmwareInline)
            {
                sleep = Math.Min(sleep, 1_000_000); // the doorbell is plain memory: look again soon
            }

            FenceWakeup.Wait(generation, ScheduleTimeout.Slice(sleep));
        }
    }

    /// <summary>Virtual time one inline firmware step that progressed takes, in deterministic mode (1 µs).</summary>
    public const long InlineFirmwareStepNanoseconds = 1_000;

    /// <summary>How many inline firmware steps (one virtual second of them) a forever-wait may see progress without being satisfied, in deterministic mode, before it is interrupted.</summary>
    public const long ForeverWaitBusySteps = 1_000_000;

    // A forever-wait in deterministic mode that can never end: interrupted (-EINTR), as by a
    // signal, and the calling thread marked stalled so that a retry policy does not repeat it.
    private int Interrupted(string why)
    {
        Trace($"wait: {why}, interrupted");
        t_stalled = true;
        return -EINTR;
    }

    [ThreadStatic]
    private static bool t_stalled;

    /// <summary>Whether the calling thread's latest forever-wait was interrupted because it could never end; clears the mark.</summary>
    internal static bool TakeStalled()
    {
        bool stalled = t_stalled;
        t_stalled = false;
        return stalled;
    }

    /// <summary>Deterministic mode: moves virtual time forward to <paramref name="nanoseconds"/>.</summary>
    public void AdvanceClock(long nanoseconds)
    {
        if (!IsDeterministic)
        {
            throw new InvalidOperationException("only virtual time can be advanced");
        }

        long seen = Volatile.Read(ref _virtualNow);
        while (nanoseconds > seen)
        {
            long previous = Interlocked.CompareExchange(ref _virtualNow, nanoseconds, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    private long NextFirmwareTimer()
    {
        long next = long.MaxValue;
        if (IsFirmwareHeld)
        {
            return next; // held firmware fires no timers
        }

        foreach (ISimulatedFirmware firmware in Volatile.Read(ref _firmwareSnapshot))
        {
            next = Math.Min(next, firmware.NextTimerNanoseconds);
        }

        return next;
    }

    private readonly Dictionary<string, (ICharacterDevice Device, Inode Inode)> _nodes = new(StringComparer.Ordinal);
    private long _lastInode;
    private uint _nextDynamicMajor = FirstDynamicMajor;

    // Linux hands out character-device majors downward from 511 when a driver asks for any.
    private const uint FirstDynamicMajor = 511;
    private readonly List<SimulatedProcess> _processes = [];
    private int _lastPid;

    internal PollWakeup PollWakeup { get; } = new();

    /// <summary>
    /// A new process; <paramref name="hasSysAdmin"/> is CAP_SYS_ADMIN, which some ioctls and file
    /// states need; <paramref name="descriptorLimit"/> is its RLIMIT_NOFILE.
    /// </summary>
    public SimulatedProcess CreateProcess(string name = "process", bool hasSysAdmin = false,
        int descriptorLimit = SimulatedProcess.DefaultDescriptorLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(descriptorLimit, 1);
        lock (_lock)
        {
            var process = new SimulatedProcess(this, ++_lastPid, name, hasSysAdmin, descriptorLimit);
            _processes.Add(process);
            return process;
        }
    }

    /// <summary>Processes that have not exited.</summary>
    public IReadOnlyList<SimulatedProcess> Processes
    {
        get
        {
            lock (_lock)
            {
                return [.. _processes];
            }
        }
    }

    /// <summary>
    /// Creates the node <paramref name="path"/> (e.g. /dev/accel/accel0) for <paramref name="device"/>,
    /// as device number <paramref name="major"/>:<paramref name="minor"/> (major 0: a dynamic one).
    /// </summary>
    public void AddDeviceNode(string path, ICharacterDevice device, uint major = 0, uint minor = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            if (_nodes.ContainsKey(path))
            {
                throw new ArgumentException($"{path} already exists", nameof(path));
            }

            major = major != 0 ? major : _nextDynamicMajor--;
            _nodes.Add(path, (device, CreateInode(Inode.DevTmpfs, Inode.CharacterDeviceMode, FileStatus.MakeDevice(major, minor))));
        }
    }

    /// <summary>A new inode on the filesystem <paramref name="device"/> (e.g. <see cref="Inode.DmaBufFs"/> for a dma-buf).</summary>
    public Inode CreateInode(ulong device, uint mode, ulong specialDevice = 0) =>
        new(device, (ulong)Interlocked.Increment(ref _lastInode), mode, specialDevice);

    /// <summary>The one inode every anonymous-inode file shares (<c>anon_inode_getfile</c>).</summary>
    public Inode AnonymousInode { get; }

    /// <summary>Removes a node; files already open stay open (as after an unlink of the node).</summary>
    public bool RemoveDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.Remove(path);
        }
    }

    public bool HasDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.ContainsKey(path);
        }
    }

    public IReadOnlyList<string> DeviceNodes
    {
        get
        {
            lock (_lock)
            {
                return [.. _nodes.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Files call this when their poll state may have changed, so sleeping pollers look again.</summary>
    public void WakeUpPollers() => PollWakeup.WakeUpAll();

    internal (ICharacterDevice Device, Inode Inode)? FindDeviceNode(string path)
    {
        lock (_lock)
        {
            return _nodes.TryGetValue(path, out (ICharacterDevice, Inode) node) ? node : null;
        }
    }

    internal void Exited(SimulatedProcess process)
    {
        lock (_lock)
        {
            _processes.Remove(process);
        }
    }
}
