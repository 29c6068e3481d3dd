using System.Runtime.CompilerServices;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>A hardware context (amdxdna.md §3); counted as <see cref="AmdxdnaDriver.HardwareContexts"/>.</summary>
public abstract class AmdxdnaHwctx
{
    private int _destroyed;

    protected AmdxdnaHwctx(AmdxdnaClient client, uint numTiles)
    {
        Client = client;
        NumTiles = numTiles;
        Driver.ContextCounter.Add(1);
    }

    public AmdxdnaClient Client { get; }
    internal AmdxdnaDriver Driver => (AmdxdnaDriver)Client.Device.Driver;
    public uint Id { get; internal set; }
    public uint NumTiles { get; }
    public bool IsDestroyed => Volatile.Read(ref _destroyed) != 0;

    /// <summary>Generation fini: drains and drops everything the context holds. Runs once.</summary>
    internal void Destroy()
    {
        if (Interlocked.Exchange(ref _destroyed, 1) != 0)
        {
            return;
        }

        Fini();
        Driver.ContextCounter.Add(-1);
    }

    protected abstract void Fini();

    /// <summary>Firmware work for this context; true if anything changed.</summary>
    internal abstract bool Step(AmdxdnaDriver driver, long now);

    internal virtual long NextTimer => long.MaxValue;
}

/// <summary>One EXEC_CMD job (AIE2): references on the command and argument BOs until freed.</summary>
internal sealed class Aie2Job
{
    public required AmdxdnaBo Command;
    public required AmdxdnaBo[] Arguments;
    public required ulong Seq;
    public required DmaFence Finished;
    public DmaFence? DoneFence;
    public bool Started;
    public bool Hung;
    public long Deadline;
}

/// <summary>
/// AIE2 context: 4 job slots, seq from 0, a binary syncobj in the caller's table that gets
/// timeline point seq for every job, 4 internal command-chain DEV BOs, in-order completion.
/// </summary>
public sealed class Aie2Hwctx : AmdxdnaHwctx
{
    private readonly Lock _lock = new();
    private readonly Queue<Aie2Job> _jobs = new();
    private readonly AmdxdnaBo[] _chainBuffers;
    private int _freeSlots = AmdxdnaGenerations.Aie2MaxCommands;
    private ulong _seq;

    internal Aie2Hwctx(AmdxdnaClient client, uint numTiles, uint numColumns, DrmSyncobj syncobj, AmdxdnaBo[] chainBuffers)
        : base(client, numTiles)
    {
        NumColumns = numColumns;
        Syncobj = syncobj;
        _chainBuffers = chainBuffers;
        Fences = new DmaFenceContext("amdxdna", "hwctx", use64BitSeqno: true, firstSeqno: 0, counts: client.Device.Kernel.Counts);
        HardwareFences = new DmaFenceContext("amdxdna", "hwctx-hw", use64BitSeqno: true, firstSeqno: 0, counts: client.Device.Kernel.Counts);
    }

    public uint NumColumns { get; }
    public DrmSyncobj Syncobj { get; }

    /// <summary>The scheduler's finished fences.</summary>
    public DmaFenceContext Fences { get; }

    /// <summary>The firmware's (hardware) fences, created when a job runs.</summary>
    public DmaFenceContext HardwareFences { get; }

    public bool CusConfigured { get; internal set; }

    public int FreeSlots => Volatile.Read(ref _freeSlots);

    public int JobsInFlight
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    private struct SlotFree(Aie2Hwctx context) : IWaitCondition
    {
        public readonly bool IsSatisfied() => Volatile.Read(ref context._freeSlots) > 0 || context.IsDestroyed;
    }

    /// <summary>Takes one of the 4 slots, blocking (with inline firmware: running it) until one is free.</summary>
    internal int TakeSlot()
    {
        while (true)
        {
            int free = Volatile.Read(ref _freeSlots);
            if (IsDestroyed)
            {
                return -EINVAL;
            }

            if (free > 0 && Interlocked.CompareExchange(ref _freeSlots, free - 1, free) == free)
            {
                return 0;
            }

            if (free == 0)
            {
                var condition = new SlotFree(this);
                int r = Client.Device.Kernel.WaitUntil(ref condition, long.MaxValue);
                if (r < 0)
                {
                    return r;
                }
            }
        }
    }

    internal void ReleaseSlot()
    {
        Interlocked.Increment(ref _freeSlots);
        Client.Device.Kernel.FenceWakeup.WakeUpAll();
    }

    /// <summary>Arms the job: seq, the finished fence, the syncobj point; queues it for the firmware.</summary>
    internal ulong Submit(AmdxdnaBo command, AmdxdnaBo[] arguments)
    {
        lock (_lock)
        {
            ulong seq = _seq++;
            var job = new Aie2Job { Command = command, Arguments = arguments, Seq = seq, Finished = new DmaFence(Fences, seq) };
            Driver.JobCounter.Add(1);
            Syncobj.AddPoint(seq, job.Finished);
            _jobs.Enqueue(job);
            Client.Device.Kernel.Trace($"hwctx {Id}: submit seq {seq}");
            return seq;
        }
    }

    internal override long NextTimer
    {
        get
        {
            lock (_lock)
            {
                return _jobs.TryPeek(out Aie2Job? job) && job.Started ? job.Deadline : long.MaxValue;
            }
        }
    }

    internal override bool Step(AmdxdnaDriver driver, long now)
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        if (IsDestroyed && JobsInFlight == 0)
        {
            return false;
        }

        int budget = kernel.IsDeterministic ? 1 + kernel.NextRandom(AmdxdnaGenerations.Aie2MaxCommands) : int.MaxValue;
        bool progressed = false;
        while (budget-- > 0)
        {
            Aie2Job? job;
            lock (_lock)
            {
                if (!_jobs.TryPeek(out job))
                {
                    break;
                }

                if (!job.Started)
                {
                    job.Started = true;
                    int run = RunJob(job, kernel, now);
                    if (run < 0)
                    {
                        _jobs.Dequeue();
                        FinishJob(job, run, ErtState.Error);
                        progressed = true;
                        continue;
                    }
                }

                if (job.Hung)
                {
                    if (now < job.Deadline)
                    {
                        break;
                    }

                    // drm_sched timeout: the job fails with -ETIME, its hardware fence with it.
                    _jobs.Dequeue();
                    job.DoneFence!.SetError(-ETIME);
                    job.DoneFence.Signal();
                    FinishJob(job, -ETIME, ErtState.Timeout);
                    progressed = true;
                    continue;
                }

                _jobs.Dequeue();
                driver.Execute(job.Command);
                job.DoneFence!.Signal();
                FinishJob(job, 0, ErtState.Completed);
                progressed = true;
            }
        }

        return progressed;
    }

    // aie2_sched_job_run, with the rocket_job_run error discipline (ring-fence.md §4): the
    // hardware fence and the job's extra reference on it are both dropped on failure, and an
    // error is returned instead of a fence that would never signal.
    private int RunJob(Aie2Job job, SimulatedKernel kernel, long now)
    {
        var hardware = new DmaFence(HardwareFences, job.Seq);
        job.DoneFence = hardware.Get();
        // The step after the fence exists that can fail: attaching the context's IOMMU domain /
        // sending the job to the firmware (aie2_execbuf's error in aie2_sched_job_run).
        int error = kernel.Faults.ShouldFail(FaultPoint.IommuAttachFailure) ? -ENODEV : 0;

        if (error < 0)
        {
            job.DoneFence.Put();
            job.DoneFence = null;
            hardware.Put();
            return error;
        }

        hardware.Put(); // the job's reference (DoneFence) keeps it
        job.Hung = kernel.Faults.ShouldFail(FaultPoint.FirmwareHang);
        job.Deadline = now + (long)kernel.Options.JobTimeout.TotalNanoseconds;
        return 0;
    }

    // Completion: command header state, then the finished fence (with the error first), slot, job references.
    private void FinishJob(Aie2Job job, int error, ErtState state)
    {
        AmdxdnaDriver.SetCommandState(job.Command, state);
        if (error < 0)
        {
            job.Finished.SetError(error);
        }

        job.Finished.Signal();
        Client.Device.Kernel.Trace($"hwctx {Id}: seq {job.Seq} {state}");
        job.DoneFence?.Put();
        job.DoneFence = null;
        job.Finished.Put();
        job.Command.Put();
        foreach (AmdxdnaBo argument in job.Arguments)
        {
            argument.Put();
        }

        Driver.JobCounter.Add(-1);
        ReleaseSlot();
    }

    private struct Drained(Aie2Hwctx context) : IWaitCondition
    {
        public readonly bool IsSatisfied() => context.JobsInFlight == 0;
    }

    // aie2_hwctx_fini: wait up to 2 s for the jobs, then abort what is left; drop the syncobj and chain buffers.
    protected override void Fini()
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        var drained = new Drained(this);
        kernel.WaitUntil(ref drained, kernel.MonotonicNanoseconds + 2_000_000_000);
        lock (_lock)
        {
            while (_jobs.TryDequeue(out Aie2Job? job))
            {
                if (job.DoneFence is { IsSignaled: false } done)
                {
                    done.SetError(-ECANCELED);
                    done.Signal();
                }

                FinishJob(job, -ECANCELED, ErtState.Abort);
            }
        }

        Syncobj.Put();
        foreach (AmdxdnaBo buffer in _chainBuffers)
        {
            buffer.Put();
        }
    }
}

/// <summary>ERT command states written into the command BO header (bits 3:0).</summary>
public enum ErtState : uint
{
    New = 1,
    Queued = 2,
    Running = 3,
    Completed = 4,
    Error = 5,
    Abort = 6,
    Timeout = 8,
}

/// <summary>
/// AIE4 context with a user-mode queue: the host queue header lives in the UMQ BO
/// (read_index @0, capacity @12, write_index @16, data_address @24); the doorbell is a page the
/// process maps; the firmware consumes slots after a doorbell write and advances read_index.
/// </summary>
public sealed unsafe class Aie4Hwctx : AmdxdnaHwctx
{
    public const int ReadIndexOffset = 0;
    public const int CapacityOffset = 12;
    public const int WriteIndexOffset = 16;
    public const int DataAddressOffset = 24;
    public const int HeaderSize = 32;

    /// <summary>Where the slot array starts when data_address is 0: right after a 64-byte header area.</summary>
    public const int DefaultSlotsOffset = 64;

    /// <summary>Size of one simulated queue packet.</summary>
    public const int SlotSize = 64;

    private readonly Lock _lock = new();
    private ulong _firmwareRead;
    private bool _rung;
    private bool _hung;

    internal Aie4Hwctx(AmdxdnaClient client, uint numTiles, AmdxdnaBo queue, GemObject doorbell, uint doorbellOffset)
        : base(client, numTiles)
    {
        Queue = queue;
        Doorbell = doorbell;
        DoorbellOffset = doorbellOffset;
    }

    /// <summary>The UMQ BO (the context holds a reference).</summary>
    public AmdxdnaBo Queue { get; }

    /// <summary>The doorbell page.</summary>
    public GemObject Doorbell { get; }

    public uint DoorbellOffset { get; }

    private ulong* ReadIndex => (ulong*)(Queue.Memory + ReadIndexOffset);
    private ulong* WriteIndex => (ulong*)(Queue.Memory + WriteIndexOffset);

    /// <summary>
    /// aie4_ctx.c:get_read_index: write index first, then read index; an inconsistent pair
    /// (write &lt; read, or more than 32 apart) is re-read once after 100-200 µs, then read_index is taken as 0.
    /// </summary>
    internal ulong KernelReadIndex(SimulatedKernel kernel)
    {
        ulong wi = Volatile.Read(ref *WriteIndex);
        ulong ri = ReadOnce(kernel);
        if (!Valid(ri, wi))
        {
            kernel.Trace($"hwctx {Id}: invalid index ri {ri} wi {wi}, retry");
            if (!kernel.IsDeterministic)
            {
                Thread.SpinWait(100);
            }

            ri = ReadOnce(kernel);
            if (!Valid(ri, wi))
            {
                ri = 0;
            }
        }

        return ri;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Valid(ulong read, ulong write) => write >= read && write - read <= AmdxdnaGenerations.Aie4MaxCommands;

    private ulong ReadOnce(SimulatedKernel kernel)
    {
        ulong ri = Volatile.Read(ref *ReadIndex);
        // A torn 64-bit read: the high half of another value (the firmware writes the halves separately).
        return kernel.Faults.ShouldFail(AmdxdnaDriver.TornReadIndex) ? ri | 0xFFFF_FFFF_0000_0000UL : ri;
    }

    internal override bool Step(AmdxdnaDriver driver, long now)
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        lock (_lock)
        {
            // Fini takes the lock too: a destroyed context's pages may be gone.
            if (IsDestroyed)
            {
                return false;
            }

            if (Interlocked.Exchange(ref *(int*)Doorbell.Memory, 0) != 0)
            {
                _rung = true;
            }

            if (!_rung)
            {
                return false;
            }

            if (_hung || (kernel.Faults.ShouldFail(FaultPoint.FirmwareHang) && (_hung = true)))
            {
                return false;
            }

            ulong write = Volatile.Read(ref *WriteIndex);
            ulong pending = write - _firmwareRead;
            if (write <= _firmwareRead)
            {
                _rung = false;
                return false;
            }

            uint capacity = *(uint*)(Queue.Memory + CapacityOffset);
            if (capacity == 0 || (capacity & (capacity - 1)) != 0 || capacity > AmdxdnaGenerations.Aie4MaxCommands)
            {
                capacity = AmdxdnaGenerations.Aie4MaxCommands;
            }

            pending = Math.Min(pending, capacity);
            if (kernel.IsDeterministic)
            {
                pending = 1 + (ulong)kernel.NextRandom((int)pending);
            }

            byte* slots = SlotArray(driver, capacity);
            for (ulong i = 0; i < pending; i++)
            {
                ulong index = _firmwareRead + i;
                byte* slot = slots == null ? null : slots + (index & (capacity - 1)) * SlotSize;
                driver.ExecutePacket(Client, slot);
            }

            _firmwareRead += pending;
            Volatile.Write(ref *ReadIndex, _firmwareRead);
            if (_firmwareRead == write)
            {
                _rung = false;
            }

            if (kernel.IsDeterministic)
            {
                kernel.Trace($"hwctx {Id}: firmware read index {_firmwareRead}");
            }
        }

        kernel.FenceWakeup.WakeUpAll();
        return true;
    }

    private byte* SlotArray(AmdxdnaDriver driver, uint capacity)
    {
        ulong dataAddress = *(ulong*)(Queue.Memory + DataAddressOffset);
        ulong length = (ulong)capacity * SlotSize;
        if (dataAddress == 0)
        {
            return Queue.Size >= DefaultSlotsOffset + length ? (byte*)Queue.Memory + DefaultSlotsOffset : null;
        }

        return (byte*)driver.Resolve(Client, dataAddress, length);
    }

    protected override void Fini()
    {
        lock (_lock)
        {
            Queue.Put();
            Doorbell.Put();
        }
    }
}
