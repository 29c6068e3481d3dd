namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Runs a device's firmware model (<see cref="ISimulatedFirmware"/>, which also steps the device's
/// schedulers): on a firmware thread of its own, or — inline or deterministic mode — at the
/// kernel's scheduling points (<see cref="SimulatedKernel.RunFirmware"/>). The kernel side calls
/// <see cref="Ring"/> after it published work (as a doorbell write follows a ring update: the
/// publish is the work itself; the ring wakes the thread only if it parked). The thread drains
/// everything that can progress, then polls for a short while — user-mode-queue doorbells are
/// plain memory the thread has to look at — then announces its park, looks once more, and parks.
/// </summary>
public sealed class FirmwareHost : IDisposable
{
    /// <summary>Idle polls before the thread parks (each a firmware step and a short pause).</summary>
    public const int IdlePolls = 1024;

    private const int QuietParksBeforeLongPark = 64;

    private readonly SimulatedKernel _kernel;
    private readonly ISimulatedFirmware _firmware;
    private readonly Func<bool> _stopped;
    private readonly SpinParkSignal _doorbell = new();
    private readonly Thread? _thread;
    private volatile bool _disposed;
    private int _parked;
    private int _steps; // odd while the thread is in a step; only the thread writes it

    /// <param name="stopped">Whether the device is gone (the thread ends then), e.g. after drm_dev_unplug.</param>
    public FirmwareHost(SimulatedKernel kernel, string name, ISimulatedFirmware firmware, Func<bool> stopped)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(firmware);
        ArgumentNullException.ThrowIfNull(stopped);
        _kernel = kernel;
        _firmware = firmware;
        _stopped = stopped;
        kernel.AddFirmware(firmware);
        if (!kernel.IsFirmwareInline && !kernel.IsShutDown)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = name };
            kernel.AddFirmwareThread(this);
            _thread.Start();
        }
    }

    /// <summary>Whether the firmware has a thread of its own.</summary>
    public bool IsThreaded => _thread is not null;

    /// <summary>
    /// Whether the firmware thread is awake and polling — it has not announced a park. While it is,
    /// the firmware looks at its device again within a few spins anyway, so a model may watch a
    /// queue it is serving through the memory it already reads (a write index) instead of waiting
    /// for the next doorbell write, as hardware coalesces doorbells into a busy engine. The step
    /// that follows the announcement sees false: a model then goes back to doorbells only, before
    /// the thread parks, so work queued later is found by the doorbell and <see cref="Ring"/>.
    /// Always false without a thread (inline firmware serves exactly the doorbells it saw).
    /// </summary>
    public bool IsPolling => _thread is not null && Volatile.Read(ref _parked) == 0;

    /// <summary>
    /// The doorbell: work was queued (and is visible to the firmware's step). While the thread
    /// polls it finds the work itself, so ringing writes nothing — a full fence and one read; only
    /// a parked thread is woken. Inline, the next scheduling point runs the work anyway.
    /// </summary>
    public void Ring()
    {
        if (_thread is null)
        {
            return;
        }

        Interlocked.MemoryBarrier(); // the work is published before _parked is read
        if (Volatile.Read(ref _parked) != 0)
        {
            _doorbell.Ring();
        }
    }

    private void Run()
    {
        int idle = 0;
        int quietParks = 0;
        while (!_disposed && !_stopped() && !_kernel.IsShutDown)
        {
            if (Step())
            {
                (idle, quietParks) = (0, 0);
                continue;
            }

            if (idle < IdlePolls)
            {
                Thread.SpinWait(idle++ < IdlePolls / 2 ? 1 : 16);
                continue;
            }

            // Announce the park, then look once more: a ring that saw _parked == 0 came before this
            // look, so the look finds its work; a later ring sees _parked == 1 and wakes the thread.
            Interlocked.Exchange(ref _parked, 1);
            if (Step())
            {
                Volatile.Write(ref _parked, 0);
                (idle, quietParks) = (0, 0);
                continue;
            }

            _doorbell.Park(ParkTime(quietParks));
            Volatile.Write(ref _parked, 0);
            if (_doorbell.TryConsume())
            {
                (idle, quietParks) = (0, 0);
            }
            else
            {
                quietParks++; // a quiet look-again: one step (memory doorbells, timers), then park again
            }
        }
    }

    // One step, marked for SimulatedKernel.HoldFirmware by plain writes (its process-wide barrier pairs with them).
    private bool Step()
    {
        Volatile.Write(ref _steps, _steps + 1);
        try
        {
            return !_kernel.IsFirmwareHeld && _firmware.Step();
        }
        finally
        {
            Volatile.Write(ref _steps, _steps + 1);
        }
    }

    /// <summary>
    /// Returns once a step the thread was in (when this looked) has ended; a later step sees the hold.
    /// Only after a process-wide barrier that follows the hold (<see cref="SimulatedKernel.HoldFirmware"/>).
    /// </summary>
    internal void WaitOutStep()
    {
        int steps = Volatile.Read(ref _steps);
        if ((steps & 1) == 0 || Thread.CurrentThread == _thread)
        {
            return;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _steps) == steps)
        {
            spinner.SpinOnce();
        }
    }

    // Memory doorbells are only seen by looking: again within a millisecond while work was recent,
    // every 50 ms once the device has been quiet for a while; never past the next timer.
    private TimeSpan ParkTime(int quietParks)
    {
        long wait = quietParks < QuietParksBeforeLongPark ? 1_000_000 : 50_000_000;
        long timer = _firmware.NextTimerNanoseconds;
        if (timer != long.MaxValue && !_kernel.IsFirmwareHeld)
        {
            wait = Math.Clamp(timer - _kernel.MonotonicNanoseconds, 0, wait);
        }

        return TimeSpan.FromTicks(Math.Max(1, wait / 100));
    }

    /// <summary>Stops the thread and unregisters the firmware.</summary>
    public void Dispose()
    {
        _disposed = true;
        _doorbell.Ring(); // wakes the thread whether or not it announced its park
        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }

        _kernel.RemoveFirmware(_firmware);
        if (_thread is not null)
        {
            _kernel.RemoveFirmwareThread(this);
        }

        _doorbell.Dispose();
    }
}
