using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// The firmware's own side of one AIE4 user-mode queue: how far it has consumed the ring,
/// whether it is serving the queue, and the next slot it will read. Only the firmware writes it (under the
/// context's lock). The fields sit alone on a cache line (offset 64 of a 128-byte object), so the
/// firmware's writes do not take away the line of context fields a WAIT_CMD keeps reading on
/// the other core — each such steal would be one more cross-core transfer per batch.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
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
}
