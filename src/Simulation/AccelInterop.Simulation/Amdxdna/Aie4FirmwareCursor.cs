using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// The firmware's own side of one AIE4 user-mode queue: how far it has consumed the ring,
/// whether it is serving the queue, the next slot it will read, and the context's lock. Only the
/// firmware writes the cursor (under that lock). The fields sit alone on a cache line (offsets 64
/// to 92, with at least 64 bytes of padding on either side, so no neighbouring object shares the
/// line wherever the object lands): the firmware's writes, one lock round per poll of a watched
/// queue, then never take away a line a WAIT_CMD on the other core reads. Such a steal cost one
/// cross-core transfer per poll, and it depended on where the objects were allocated, which made
/// the threaded rows bimodal from one process to the next.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 160)]
internal sealed unsafe class Aie4FirmwareCursor
{
    /// <summary>The next queue index the firmware consumes (it publishes it as read_index).</summary>
    [FieldOffset(64)]
    public ulong Read;

    /// <summary>
    /// The firmware serves this queue: a doorbell write was seen and the queue not yet drained up to
    /// the write index — or drained, while the firmware thread keeps polling (it then watches
    /// write_index instead of the doorbell, see <see cref="Aie4Hwctx"/>'s step).
    /// </summary>
    [FieldOffset(72)]
    public bool Watching;

    /// <summary>The firmware hang fault fired: this queue is never served again.</summary>
    [FieldOffset(73)]
    public bool Hung;

    /// <summary>The slot at <see cref="Read"/> when the slots are in the UMQ BO (which the context maps), else null: what a watching firmware prefetches.</summary>
    [FieldOffset(80)]
    public byte* NextSlot;

    // The context's lock, held by every firmware step (each poll of a watched queue included), the fini and
    // a doorbell mapping. On this line, so that a poll writes nothing a WAIT_CMD on the other core reads: a
    // lock object of its own sits wherever it was allocated, often on the line of the context's fields, and
    // every poll then took that line away from the waiter.
    [FieldOffset(88)]
    private SpinLock _gate;

    /// <summary>Takes the context's lock.</summary>
    public void Enter()
    {
        bool taken = false;
        _gate.Enter(ref taken);
    }

    /// <summary>Releases the context's lock.</summary>
    public void Exit() => _gate.Exit(useMemoryBarrier: true);
}
