using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Amdxdna;

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

    private readonly byte* _header;
    private readonly ulong _queueSize;
    private readonly Aie4FirmwareCursor _firmware = new();

    /// <param name="header">The kernel mapping of <paramref name="queue"/> (its vmap, which the context holds).</param>
    internal Aie4Hwctx(AmdxdnaClient client, uint numTiles, AmdxdnaBo queue, nint header, GemObject doorbell, uint doorbellOffset)
        : base(client, numTiles)
    {
        Queue = queue;
        _queueSize = queue.Size; // read by the firmware per batch: a copy here, off the BO's line that reference counting writes
        _header = (byte*)header;
        Doorbell = doorbell;
        DoorbellOffset = doorbellOffset;
    }

    /// <summary>The UMQ BO (the context holds a reference).</summary>
    public AmdxdnaBo Queue { get; }

    /// <summary>The doorbell page.</summary>
    public GemObject Doorbell { get; }

    public uint DoorbellOffset { get; }

    private ulong* ReadIndex => (ulong*)(_header + ReadIndexOffset);
    private ulong* WriteIndex => (ulong*)(_header + WriteIndexOffset);

    /// <summary>
    /// The doorbell page with a reference for a mapping, or null once the context is destroyed
    /// (aie4_pci.c:aie4_doorbell_mmap looks the context up under the client's SRCU; the reference is
    /// taken under the lock Fini takes, so it is never taken on a freed page).
    /// </summary>
    internal GemObject? TryGetDoorbell()
    {
        _firmware.Enter();
        try
        {
            return IsDestroyed ? null : Doorbell.Get();
        }
        finally
        {
            _firmware.Exit();
        }
    }

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

    internal override bool Step(AmdxdnaDriver driver)
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        _firmware.Enter();
        try
        {
            // Fini takes the lock too: a destroyed context's pages may be gone.
            if (IsDestroyed)
            {
                return false;
            }

            // Doorbell coalescing: while the firmware thread polls, a queue it serves stays watched through
            // write_index, which it must read anyway, and the doorbell word is left alone — the producer's
            // doorbell writes then stay in its own cache, and new work costs the firmware one line
            // (write_index; the slots were written before it) instead of the doorbell's first. Before the
            // thread parks (polling false), and always inline, the queue is served by doorbells only.
            // Nothing is lost: the doorbell is sticky memory, looked at on every step while not watched. At
            // the park the host announces it with a full fence before this last look, and a WAIT_CMD's kick
            // fences after the producer's doorbell write before it reads that announcement: either the kick
            // sees it and wakes the thread (which finds the doorbell), or the kick came first and this look,
            // which reads the doorbell because polling is now false, finds the work (a producer that does not
            // wait is found by the parked thread's next timed look, as before).
            bool polling = driver.FirmwarePolls;
            Aie4FirmwareCursor cursor = _firmware;
            bool rung = false;
            if (cursor.Watching && polling)
            {
                // Ask for the next slot's line beside write_index's, so that when write_index shows a new
                // command its slot is already on the way rather than a second miss after the first. A hint
                // only: the slot is read after the acquire of write_index below, which (the producer writes
                // the slot before write_index) orders those reads after the producer's slot writes.
                Prefetch(cursor.NextSlot);
            }
            else
            {
                // Look before writing: an exchange on every idle poll would pull the doorbell's cache line away from the writer.
                int* bell = (int*)Doorbell.Memory;
                if (Volatile.Read(ref *bell) != 0 && Interlocked.Exchange(ref *bell, 0) != 0)
                {
                    cursor.Watching = rung = true;
                }
            }

            if (!cursor.Watching || cursor.Hung)
            {
                return false;
            }

            // Acquire: the slots the producer wrote before this write_index are read after it.
            ulong write = Volatile.Read(ref *WriteIndex);
            if (!rung && write == cursor.Read)
            {
                cursor.Watching = polling; // an idle look at a watched queue serves nothing
                return false;
            }

            if (kernel.Faults.ShouldFail(FaultPoint.FirmwareHang))
            {
                cursor.Hung = true;
                return false;
            }

            ulong pending = write - cursor.Read;
            if (write <= cursor.Read)
            {
                cursor.Watching = false;
                return false;
            }

            uint capacity = *(uint*)(_header + CapacityOffset);
            if (capacity == 0 || (capacity & (capacity - 1)) != 0 || capacity > AmdxdnaGenerations.Aie4MaxCommands)
            {
                capacity = AmdxdnaGenerations.Aie4MaxCommands;
            }

            // The ring holds at most capacity commands: a write index further ahead of the firmware's read
            // index is no queue state a producer can reach (the driver's valid_queue_index in aie4_ctx.c
            // rejects the same pair). The firmware ignores such a doorbell and consumes nothing, so a
            // hostile write_index cannot keep it busy; a later doorbell with a sane index is served.
            if (pending > capacity)
            {
                cursor.Watching = false;
                kernel.Trace($"hwctx {Id}: firmware ignores write index {write} (read index {cursor.Read}, capacity {capacity})");
                return false;
            }

            if (kernel.IsDeterministic)
            {
                pending = 1 + (ulong)kernel.NextRandom((int)pending);
            }

            AmdxdnaBo? slotBo = SlotArray(driver, capacity, out byte* slots);
            for (ulong i = 0; i < pending; i++)
            {
                ulong index = cursor.Read + i;
                byte* slot = slots == null ? null : slots + (index & (capacity - 1)) * SlotSize;
                driver.ExecutePacket(Client, slot);
            }

            slotBo?.Put();

            cursor.Read += pending;
            cursor.NextSlot = slots != null && slotBo is null ? slots + (cursor.Read & (capacity - 1)) * SlotSize : null;
            Volatile.Write(ref *ReadIndex, cursor.Read);
            if (cursor.Read == write && !polling)
            {
                cursor.Watching = false;
            }

            if (kernel.IsDeterministic)
            {
                kernel.AdvanceClock(kernel.MonotonicNanoseconds + (long)pending * AmdxdnaDriver.CommandNanoseconds);
                kernel.Trace($"hwctx {Id}: firmware read index {cursor.Read}");
            }
        }
        finally
        {
            _firmware.Exit();
        }

        kernel.FenceWakeup.WakeUpAll();
        return true;
    }

    // Only slots in the UMQ BO (data_address 0) are prefetched: the context holds that BO's mapping, while a
    // BO at data_address may be closed between steps. A prefetch never faults and changes no value read.
    private static void Prefetch(byte* line)
    {
        if (Sse.IsSupported && line != null)
        {
            Sse.Prefetch0(line);
        }
    }

    // The slot array: after the header in the UMQ BO (data_address 0), or in the BO at data_address,
    // which is returned with a reference for the caller to drop.
    private AmdxdnaBo? SlotArray(AmdxdnaDriver driver, uint capacity, out byte* slots)
    {
        ulong dataAddress = *(ulong*)(_header + DataAddressOffset);
        ulong length = (ulong)capacity * SlotSize;
        if (dataAddress == 0)
        {
            slots = _queueSize >= DefaultSlotsOffset + length ? _header + DefaultSlotsOffset : null;
            return null;
        }

        return driver.Resolve(Client, dataAddress, length, out slots);
    }

    protected override void Fini()
    {
        _firmware.Enter();
        try
        {
            Queue.Vunmap();
            Queue.Put();
            Doorbell.Put();
        }
        finally
        {
            _firmware.Exit();
        }
    }
}
