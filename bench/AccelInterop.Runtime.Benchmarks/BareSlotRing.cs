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
/// </summary>
public sealed unsafe class BareSlotRing : IDisposable
{
    public const int Capacity = UserModeQueueFixture.Capacity;

    private readonly byte* _queue;
    private readonly SpinParkSignal _doorbell = new();
    private readonly SpinParkSignal _completion = new();
    private readonly Thread _consumer;
    private volatile bool _stop;

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

    /// <summary>Writes <see cref="Capacity"/> packets, rings once, waits for the consumer's ring back; the read index.</summary>
    public ulong Batch()
    {
        ulong write = *WriteIndex;
        for (int i = 0; i < Capacity; i++)
        {
            *Slot(write) = 0;
            Volatile.Write(ref *WriteIndex, ++write);
        }

        _doorbell.Ring();
        _completion.Wait(FirmwareHandoffBenchmarks.SpinsBeforePark, FirmwareHandoffBenchmarks.ParkSlice);
        return Volatile.Read(ref *ReadIndex);
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
