using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Udmabuf;

/// <summary>
/// A udmabuf as the exporter of its dma-buf (<c>udmabuf.c:udmabuf_ops</c>): pinned pages of one
/// or more memfd ranges, in list order. The buffer keeps each memfd (and its pin) until release.
/// The simulation hands out one contiguous range of memory for a mapping, so a buffer whose
/// ranges do not follow each other in one memfd cannot be mapped, mmapped or vmapped here
/// (-ENOMEM; the kernel maps page by page).
/// </summary>
public sealed class UdmabufBuffer : IDmaBufExporter
{
    private readonly List<(OpenFile File, MemfdFile Memfd, ulong Offset, ulong Size)> _ranges;
    private readonly nint _memory;

    internal UdmabufBuffer(List<(OpenFile File, MemfdFile Memfd, ulong Offset, ulong Size)> ranges)
    {
        _ranges = ranges;
        nint next = ranges[0].Memfd.Memory + (nint)ranges[0].Offset;
        _memory = next;
        foreach ((_, MemfdFile memfd, ulong offset, ulong size) in ranges)
        {
            if (memfd.Memory + (nint)offset != next)
            {
                _memory = 0;
                break;
            }

            next += (nint)size;
        }
    }

    public string ExporterName => "udmabuf";

    /// <summary>Memfd ranges the buffer is made of.</summary>
    public int RangeCount => _ranges.Count;

    /// <summary>Whether the pages follow each other in simulated memory (so the buffer can be mapped here).</summary>
    public bool IsContiguous => _memory != 0;

    int IDmaBufExporter.Map(DmaBufAttachment attachment, out nint memory)
    {
        memory = _memory;
        return memory == 0 ? -ENOMEM : 0;
    }

    int IDmaBufExporter.Mmap(DmaBuf buffer, SimulatedProcess caller, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = _memory == 0 ? null : new ExporterMemoryMapping(_memory + (nint)offset, length);
        return _memory == 0 ? -ENOMEM : 0;
    }

    int IDmaBufExporter.Vmap(DmaBuf buffer, out nint address)
    {
        address = _memory;
        return _memory == 0 ? -ENOMEM : 0;
    }

    // release_udmabuf -> deinit_udmabuf: unpin every range.
    void IDmaBufExporter.Release(DmaBuf buffer) => UnpinAll(_ranges);

    internal static void UnpinAll(List<(OpenFile File, MemfdFile Memfd, ulong Offset, ulong Size)> ranges)
    {
        foreach ((OpenFile file, MemfdFile memfd, _, _) in ranges)
        {
            memfd.Unpin();
            file.Put();
        }

        ranges.Clear();
    }
}
