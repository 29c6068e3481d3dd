using System.Runtime.InteropServices;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The floor under the threaded user-mode-queue rows: the same memory a UMQ batch moves between
/// two cores, with no simulation. The host queue layout (read_index and write_index in one header
/// line, 64-byte slots after it); the producer writes a packet word per slot and write_index, then
/// rings; a consumer thread waits for the ring, reads each packet, writes its completion state into
/// the slot (as the firmware writes the ERT state), publishes read_index and rings back. Both
/// directions use <see cref="SpinParkSignal"/> with the ping-pong baseline's spin-then-park.
/// Either one batch at a time, write_index bumped per packet as the UMQ batched rows do
/// (<see cref="Batch"/>), or pipelined: <see cref="Submit"/> the next batch with one write_index
/// store, then <see cref="WaitFor"/> the one before it.
/// </summary>
public sealed unsafe class BareSlotRing : IDisposable
{
    public const int Capacity = UserModeQueueFixture.Capacity;

    private readonly byte* _queue;
    private readonly SpinParkSignal _doorbell = new();
    private readonly SpinParkSignal _completion = new();
    private readonly Thread _consumer;
    private volatile bool _stop;

    // The producer owns write_index: its own copy, never read back from the header line the consumer writes.
    private ulong _written;

    public BareSlotRing()
    {
        _queue = (byte*)NativeMemory.AlignedAlloc(Aie4Hwctx.DefaultSlotsOffset + Capacity * Aie4Hwctx.SlotSize, 64);
        NativeMemory.Clear(_queue, Aie4Hwctx.DefaultSlotsOffset + Capacity * Aie4Hwctx.SlotSize);
        _consumer = new Thread(Consume) { IsBackground = true, Name = "bare slot ring consumer" };
        _consumer.Start();
    }

    private ulong* ReadIndex => (ulong*)(_queue + Aie4Hwctx.ReadIndexOffset);

    private ulong* WriteIndex => (ulong*)(_queue + Aie4Hwctx.WriteIndexOffset);

    private uint* Slot(ulong index) => (uint*)(_queue + Aie4Hwctx.DefaultSlotsOffset + (int)(index & (Capacity - 1)) * Aie4Hwctx.SlotSize);

    /// <summary>Writes <see cref="Capacity"/> packets, rings once, waits until the consumer has read them; the read index.</summary>
    public ulong Batch()
    {
        ulong write = _written;
        for (int i = 0; i < Capacity; i++)
        {
            *Slot(write) = 0;
            Volatile.Write(ref *WriteIndex, ++write);
        }

        _written = write;
        _doorbell.Ring();
        WaitFor(write);
        return write;
    }

    /// <summary>
    /// Writes <paramref name="count"/> packets, publishes them with one write_index store and rings
    /// once, without waiting; the write index after them.
    /// </summary>
    public ulong Submit(int count)
    {
        ulong write = _written;
        for (int i = 0; i < count; i++)
        {
            *Slot(write + (ulong)i) = 0;
        }

        _written = write + (ulong)count;
        Volatile.Write(ref *WriteIndex, _written);
        _doorbell.Ring();
        return _written;
    }

    /// <summary>
    /// Waits until the consumer has read up to <paramref name="readIndex"/>. A ring back may be
    /// for an earlier pass, so the index decides: the consumer publishes read_index before it
    /// rings, so a pass that reached the index rings after this look and ends the wait.
    /// </summary>
    public void WaitFor(ulong readIndex)
    {
        while (Volatile.Read(ref *ReadIndex) < readIndex)
        {
            _completion.Wait(FirmwareHandoffBenchmarks.SpinsBeforePark, FirmwareHandoffBenchmarks.ParkSlice);
        }
    }

    private void Consume()
    {
        while (true)
        {
            _doorbell.Wait(FirmwareHandoffBenchmarks.SpinsBeforePark, FirmwareHandoffBenchmarks.ParkSlice);
            if (_stop)
            {
                return;
            }

            ulong write = Volatile.Read(ref *WriteIndex);
            ulong read = *ReadIndex;
            for (; read < write; read++)
            {
                uint* slot = Slot(read);
                slot[1] = (uint)(slot[0] == 0 ? ErtState.Completed : ErtState.Error);
            }

            Volatile.Write(ref *ReadIndex, read);
            _completion.Ring();
        }
    }

    public void Dispose()
    {
        _stop = true;
        _doorbell.Ring();
        _consumer.Join();
        _doorbell.Dispose();
        _completion.Dispose();
        NativeMemory.AlignedFree(_queue);
    }
}
